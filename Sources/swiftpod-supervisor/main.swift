import Supervisor

print(ProcNetTCP.listeningPorts(inTables: PortWatcher.readProcNetTCP()))
