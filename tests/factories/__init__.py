"""Factories and helpers the tests share (fixtures stay in the conftest.py files).

One module per app: agreements, reporting, activities.
"""
