"""Report views: the frozen view-models that pages, downloads and the command line read."""
