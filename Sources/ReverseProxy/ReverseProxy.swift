// ReverseProxy: under construction.
