"""The build machinery, apart from what a report says and how it looks: deciding what to build
(``record``), building reports side by side (``workers``) and a long PDF in parts
(``parts``: the layout ``cache``, ``pdfjoin``, page ``stamps``), writing outputs so that
nothing anyone made is lost (``output``), temporary folders (``tempfiles``) and stopping
cleanly (``stopping``). Readers, the model and the writers know nothing of it.
"""
