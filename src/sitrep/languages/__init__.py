"""Reports in Arabic, Persian, Russian and French: language identification, normalisation,
numbers, dates and a reader that turns their sentences into the same statements as English."""
