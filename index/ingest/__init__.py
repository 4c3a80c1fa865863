"""Getting articles in: files, web pages and feeds, read into `Article`s and indexed."""
