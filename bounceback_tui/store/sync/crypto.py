"""The hunt key: made on the first machine, kept in the config folder (0600), carried to the
next machine as a recovery phrase. Every file in the shared folder is sealed with it
(AES-256-GCM, the file's path in the folder as associated data, so a file moved or renamed
there is refused like a changed one)."""

from __future__ import annotations

import os
import re
import zlib

from ..errors import StoreError

MAGIC = b"BBX1"
NONCE = 12


class SyncError(StoreError):
    """Sync could not do what was asked; the message says why in one line."""


class Unreadable(SyncError):
    """A file of the shared folder does not open with this hunt's key (changed, damaged,
    or from another shared space)."""


def new_key() -> bytes:
    return os.urandom(32)


def phrase_of(key: bytes) -> str:
    """The recovery phrase of a key: 24 English words (BIP-39, with a checksum)."""
    from mnemonic import Mnemonic

    return str(Mnemonic("english").to_mnemonic(key))


def key_of(phrase: str) -> bytes:
    """The key a recovery phrase stands for; SyncError when it is not one."""
    from mnemonic import Mnemonic

    # as printed by `sync init` (numbered, even with the lines around it), or as written
    # down: any spacing, any case
    numbered = re.findall(r"\b\d+\.\s*([a-z]+)", phrase.lower())
    words = " ".join(numbered) if len(numbered) == 24 else " ".join(
        word for word in re.split(r"[\s,;.:()]+", phrase.strip().lower())
        if word and not word.isdigit())
    count = len(words.split())
    english = Mnemonic("english")
    if count != 24:
        raise SyncError(f"a recovery phrase has 24 words; this one has {count}")
    unknown = [word for word in words.split() if word not in english.wordlist]
    if unknown:
        raise SyncError(f"'{unknown[0][:20]}' is not a word of recovery phrases; check its "
                        "spelling")
    if not english.check(words):
        raise SyncError("those 24 words are not a recovery phrase (a word is wrong or two "
                        "are swapped); check them against what was printed")
    return bytes(english.to_entropy(words))


def seal(key: bytes, data: bytes, where: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, zlib.compress(data, 6), where.encode())


def unseal(key: bytes, blob: bytes, where: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + NONCE + 16:
        raise Unreadable(f"{where} is not a BounceBack sync file")
    nonce = blob[len(MAGIC):len(MAGIC) + NONCE]
    try:
        packed = AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE:], where.encode())
    except InvalidTag:
        raise Unreadable(f"{where} does not open with this hunt's key (changed, damaged or "
                         "from another shared space)") from None
    try:
        return zlib.decompress(packed)
    except zlib.error:
        raise Unreadable(f"{where} is damaged") from None
