"""Run → result, naming no theorem and no family: design, devices, runner (draw loop), judge, result, stats,
witness (independent checks of critical points) and sweep (the empirical width m*). The families, found by
claims.registry, import the engine; the engine takes their records as arguments."""
