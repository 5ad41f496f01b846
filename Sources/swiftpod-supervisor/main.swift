import Foundation
import Supervisor

exit(await SupervisorCommand.main())
