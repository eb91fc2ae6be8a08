"""`officials`: placeholder replaced below."""
from spacy.language import Language
from .base import RuleComponent

@Language.factory("officials", default_config={"rules": ""})
def make_officials(nlp, name, rules):
    return Officials(nlp, name, rules)

class Officials(RuleComponent):
    def __call__(self, doc):
        return doc
