"""Speed and memory figures (`make bench`). Tests never time things; this prints figures and ratios."""
