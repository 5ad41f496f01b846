// HTTPServer: under construction.
