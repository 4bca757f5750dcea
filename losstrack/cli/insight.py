"""The commands that turn the series into news: summary, top, milestones, compare, chart."""
