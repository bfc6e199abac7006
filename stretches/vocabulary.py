"""The catalogue's fixed vocabularies.

The values are the slugs used in the data file, in URLs and in the database;
the labels are what people read.
"""

from django.db import models


class BodyArea(models.TextChoices):
    LOWER_BACK = "lower-back", "Lower back"
    HIPS = "hips", "Hips and buttocks"
    HAMSTRINGS = "hamstrings", "Hamstrings"
    THIGHS = "thighs", "Thighs"
    NECK = "neck", "Neck"
    SHOULDERS = "shoulders", "Shoulders"
    UPPER_BACK = "upper-back", "Upper back"
    CHEST_ARMS = "chest-arms", "Chest and arms"
    CORE = "core", "Core"


class Position(models.TextChoices):
    LYING_BACK = "lying-back", "Lying on your back"
    LYING_FRONT = "lying-front", "Lying on your front"
    ALL_FOURS = "all-fours", "On all fours"
    KNEELING = "kneeling", "Kneeling"
    SEATED_FLOOR = "seated-floor", "Sitting on the floor"
    SEATED_CHAIR = "seated-chair", "Sitting on a chair or bed edge"
    STANDING = "standing", "Standing"


class Equipment(models.TextChoices):
    NONE = "none", "Nothing"
    BED = "bed", "A bed"
    WALL = "wall", "A wall"
    CHAIR = "chair", "A chair"
    MAT = "mat", "A mat or carpet"


class Kind(models.TextChoices):
    HOLD = "hold", "Hold"
    REPETITIONS = "repetitions", "Repetitions"
    FLOWING = "flowing", "Flowing movement"


class Intensity(models.TextChoices):
    GENTLE = "gentle", "Gentle"
    MODERATE = "moderate", "Moderate"


class SpineMovement(models.TextChoices):
    FORWARD_BENDING = "forward-bending", "Forward bending"
    BACKWARD_BENDING = "backward-bending", "Backward bending"
    ROTATION = "rotation", "Rotation"
    SIDE_BENDING = "side-bending", "Side bending"
    NEUTRAL = "neutral", "Neutral spine"


class VariationDirection(models.TextChoices):
    EASIER = "easier", "Easier"
    HARDER = "harder", "Harder"
