"""This repository's tests use the suite's pytest plugin, claims.pytest_plugin (--device, --dtype, --profile,
--alpha, the Hypothesis profiles, the device/dtype/profile/alpha_budget fixtures), as any repository that
checks its own claims does. The installed package registers it (entry point pytest11); naming it here too
keeps the suite whole where the installed metadata predates it, and pytest registers it once (the entry
point's name is the module's)."""

pytest_plugins = ("claims.pytest_plugin",)
