"""One module a format; kg.reader.read_articles picks the module by the file's type."""
