"""Chinese text analysis shared by every search engine.

The same steps run on indexed text and on queries, so both sides meet on the same tokens:
``normalize`` (traditional → simplified, full-width → half-width, lower case), ``segment``
(jieba search mode, with the editors' user dictionary), ``grams`` (character bigrams for
part-of-word matches), ``pinyin`` (full spelling and initials) and ``expand`` (synonyms).
"""
