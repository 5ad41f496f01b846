// CommandLineKit: under construction.
