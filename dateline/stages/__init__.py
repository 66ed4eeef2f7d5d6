"""Extraction stages. Each is `run(doc: Document, article: Article, options: Options) -> Article`:
it reads the document, fills named fields of the article and returns a new one. No I/O."""
