"""placeholder"""
def link_facts(doc, published, dates):
    return [], []
