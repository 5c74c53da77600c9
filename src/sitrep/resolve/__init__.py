"""From statements to incidents: grouping, figures across sources, claims, summaries."""
