"""Reports: the weekly bulletin and the exchange formats."""
