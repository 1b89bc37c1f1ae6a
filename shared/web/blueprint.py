"""The services' API blueprints: flask-smorest's, whose arguments given as a schema class are loaded by one instance.

webargs builds a schema given as a class anew for every request it parses (marshmallow copies each declared field
then); a load keeps nothing on the instance, so one per class serves every request and thread.
"""
from __future__ import annotations

import functools

import marshmallow as ma
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser


@functools.cache
def _instance(schema_class: type[ma.Schema]) -> ma.Schema:
    return schema_class()


class _Parser(FlaskParser):
    def _get_schema(self, argmap, req):
        if isinstance(argmap, type) and issubclass(argmap, ma.Schema):
            return _instance(argmap)
        return super()._get_schema(argmap, req)


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = _Parser()
