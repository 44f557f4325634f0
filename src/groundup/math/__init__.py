"""Part 1, the math of AI: reference implementations that are also the solutions."""
