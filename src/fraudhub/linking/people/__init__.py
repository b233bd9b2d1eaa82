"""People matching: which person records are the same person. Splink (on DuckDB by
default) trains a model on the data itself and scores pairs; connected pairs above the
threshold form clusters. Names are compared with their nicknames (Peggy is Margaret).

The model is in parts: the records as compared (`records`), the blocking rules
(`blocking`), the comparisons and household rule (`comparisons`), training and the
shipped model (`training`), scored pairs in words (`pairs`), scoring (`scoring`),
grouping (`grouping`) and Spark (`spark`). The public names are re-exported here, as
many callers across the apps import them from `fraudhub.linking.people`."""

from .blocking import (
    IF_RARE_FIELDS,
    MAX_RARE_FIELD_PAIRS,
    PAIRED_FIELDS,
    PAIRS_PER_RECORD,
    SINGLE_FIELDS,
    SWAPPED_NAMES,
    PairCounter,
    blocking_rules,
    pairs_in,
    pairs_in_table,
)
from .grouping import MATCH_THRESHOLD, group_people
from .pairs import COMPARED_FIELDS, SHARED_CONTACT_FIELDS, SHARED_WORDS, ScoredPair, agreement_of
from .records import PERSON_COLUMNS, name_forms, prepare_person
from .scoring import ENGINES, PeopleClusters, cluster_people, score_people
from .spark import spark_session
from .training import (
    EM_MAX_PAIRS,
    M_FLOOR,
    MIN_RECORDS_TO_REESTIMATE,
    MIN_RECORDS_TO_TRAIN,
    SHIPPED_MODEL,
    HomeSharing,
    home_sharing,
    households_in,
    train_shipped_model,
    u_sample_pairs,
)

__all__ = [
    "COMPARED_FIELDS",
    "EM_MAX_PAIRS",
    "ENGINES",
    "IF_RARE_FIELDS",
    "MATCH_THRESHOLD",
    "MAX_RARE_FIELD_PAIRS",
    "MIN_RECORDS_TO_REESTIMATE",
    "MIN_RECORDS_TO_TRAIN",
    "M_FLOOR",
    "PAIRED_FIELDS",
    "PAIRS_PER_RECORD",
    "PERSON_COLUMNS",
    "SHARED_CONTACT_FIELDS",
    "SHARED_WORDS",
    "SHIPPED_MODEL",
    "SINGLE_FIELDS",
    "SWAPPED_NAMES",
    "HomeSharing",
    "PairCounter",
    "PeopleClusters",
    "ScoredPair",
    "agreement_of",
    "blocking_rules",
    "cluster_people",
    "group_people",
    "home_sharing",
    "households_in",
    "name_forms",
    "pairs_in",
    "pairs_in_table",
    "prepare_person",
    "score_people",
    "spark_session",
    "train_shipped_model",
    "u_sample_pairs",
]
