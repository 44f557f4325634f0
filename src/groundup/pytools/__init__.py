"""Part 0, Python and the scientific stack: the refresher's reference code.

Section 0.1. Each module teaches one Python or NumPy idea that the rest of the course
leans on: operator overloading (:mod:`.tensor`, the seed of Part 4's autodiff engine),
decorators (:mod:`.decorators`), context managers (:mod:`.contexts`), datasets with
``__getitem__`` (:mod:`.datasets`), dataclass configs (:mod:`.config`), loop-free
NumPy (:mod:`.broadcasting`), a matplotlib dashboard (:mod:`.dashboard`) and a pandas
preprocessing pipeline (:mod:`.tabular`).

Nothing is imported here, so that importing one module never pulls in matplotlib or
pandas.
"""
