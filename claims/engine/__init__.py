"""Run → result, naming no theorem: design, devices, runner (draw loop), judge, result, stats, registry,
witness (independent checks of critical points) and sweep (the empirical width m*)."""
