import Basics
import NetIO
