"""Projects (milestones): real models trained end to end with the learner's own code.

Each project is a function ``run(backend, config, on_step)`` written once against
PyTorch's API, so it trains on the learner's engine (``mine``), the reference engine or
PyTorch itself. :mod:`groundup.course.projects` runs them: it picks the backend, logs
metrics, saves plots and a checkpoint, and grades the result against the tier's target.
"""
