"""From a document's text to statements: sentences, dates, figures, events, actors, places, citations."""
