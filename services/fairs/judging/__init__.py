"""The judging core: criteria and the rules of a score sheet (``rules``), and the maths of a panel's sheets (``panel``):
a sheet's value, each scorer's bias taken out where they share what they scored, disagreement, and whether the top
places stand when any one scorer is left out.

Plain Python, no database and no Flask: a fair's jury (``services.fairs.jury``) and a grants call's experts keep
their sheets in their own tables and bring them here as plain values. Nothing here knows a fair, a stage, an audience
or a pledge (the import contract holds it).
"""
