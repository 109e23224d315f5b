"""The mathematics of the suite: networks, kernels, dynamics and instance generators.

Nothing here judges a claim; every function computes a formula stated in its docstring on torch tensors,
on the device and in the dtype of its inputs.
"""
