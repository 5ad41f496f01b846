// HTTPClient: under construction.
