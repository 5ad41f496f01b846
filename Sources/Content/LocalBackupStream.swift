import Foundation
import Synchronization

/// A backup archive on local disk, read in order.
final class LocalBackupStream: BackupStream {
    private let fileDescriptor: Mutex<Int32?>
    private let path: String

    init(fileDescriptor: Int32, path: String) {
        self.fileDescriptor = Mutex(fileDescriptor)
        self.path = path
    }

    deinit {
        fileDescriptor.withLock { descriptor in
            if let descriptor { Glibc.close(descriptor) }
        }
    }

    func read(maxLength: Int) async throws -> [UInt8] {
        try fileDescriptor.withLock { descriptor in
            guard let descriptor else {
                throw ContentError(code: .io, message: "backup stream \(path) was closed")
            }
            var buffer = [UInt8](repeating: 0, count: max(0, maxLength))
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw ContentError.io("read \(path)", errno: errno)
                }
                return Array(buffer[0..<count])
            }
        }
    }

    func close() async {
        fileDescriptor.withLock { descriptor in
            if let descriptor { Glibc.close(descriptor) }
            descriptor = nil
        }
    }
}
