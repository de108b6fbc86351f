"""The dashboard's three panes (pipeline, reflection, timeline) and the deck that holds them.

Each pane owns its keys and its workflows, reaches the store only through the store bridge
(`Pane.bridge`), and tells the app what others should hear with a message. A pane never
imports another pane (pyproject.toml's import contracts).
"""
