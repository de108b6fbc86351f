"""The synthetic hunt behind `bounceback demo` and `bounceback generate`: plausible
applications, moves, reflections, wins and actions from a seed, written through the store."""
