"""Sealing a bundle's payload for its one recipient, with the keys the offices already hold.

Bundles carry personal data (authors' names, birth dates, workplaces) by e-mail, Zalo and USB
stick; a signature alone proves who sent them but hides nothing. Every enrolled office is known
by its Ed25519 signing key, and an Ed25519 key has an X25519 twin on the birationally
equivalent Montgomery curve (RFC 7748 §4.1; what libsodium's
``crypto_sign_ed25519_pk_to_curve25519`` and age's ``ssh-ed25519`` recipients use). So the
sender can encrypt for a peer with nothing more than the enrolment both already exchanged, and
an office that re-enrols with a new key gets a new encryption key with it.

The construction is age's X25519 recipient, for one recipient: a fresh ephemeral X25519 key,
HKDF-SHA256 over the shared secret (salted with both public keys) into a ChaCha20-Poly1305 key,
a random nonce. The signed manifest names the ephemeral key and nonce and lists the SHA-256 of
the ciphertext, so an importer checks the sender's signature before it decrypts a byte.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ALGORITHM = "x25519-hkdf-sha256-chacha20poly1305"
_INFO = b"sangkien-bundle-seal-v1"
_P = 2**255 - 19


class SealError(ValueError):
    """A key that cannot be used, or a payload that does not open (wrong key or altered)."""


def x25519_public_of(ed25519_public: bytes) -> bytes:
    """The X25519 public key of an Ed25519 public key: u = (1 + y) / (1 - y) mod p."""
    if len(ed25519_public) != 32:
        raise SealError("Khoá công khai phải dài 32 byte.")
    y = int.from_bytes(ed25519_public, "little") & ((1 << 255) - 1)
    if y >= _P or y == 1:  # not canonical, or the identity point (u would divide by zero)
        raise SealError("Khoá công khai không hợp lệ để mã hoá.")
    u = (1 + y) * pow(1 - y, _P - 2, _P) % _P
    if u in (0, 1):
        raise SealError("Khoá công khai không hợp lệ để mã hoá.")
    return u.to_bytes(32, "little")


def x25519_private_of(ed25519_seed: bytes) -> X25519PrivateKey:
    """The X25519 private key of an Ed25519 private key (its 32-byte seed): the first half of
    SHA-512(seed), which is Ed25519's own secret scalar (X25519 clamps it the same way)."""
    if len(ed25519_seed) != 32:
        raise SealError("Khoá bí mật phải dài 32 byte.")
    return X25519PrivateKey.from_private_bytes(hashlib.sha512(ed25519_seed).digest()[:32])


def _key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    if shared == bytes(32):
        raise SealError("Khoá công khai không hợp lệ để mã hoá.")
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=_INFO,
    ).derive(shared)


@dataclass(frozen=True)
class Sealed:
    ephemeral_public: bytes  # 32 bytes, goes into the signed manifest
    nonce: bytes  # 12 bytes, likewise
    ciphertext: bytes  # the payload and its 16-byte tag


def seal(plaintext: bytes, recipient_ed25519_public: bytes, context: bytes = b"") -> Sealed:
    """Encrypt ``plaintext`` so that only the holder of the recipient's signing key can read it.
    ``context`` (sender, recipient, sequence) is authenticated, not encrypted: a payload moved
    into another bundle does not open."""
    recipient = x25519_public_of(recipient_ed25519_public)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    try:
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    except ValueError as exc:  # a low-order point gives an all-zero secret
        raise SealError("Khoá công khai không hợp lệ để mã hoá.") from exc
    nonce = os.urandom(12)
    key = _key(shared, ephemeral_public, recipient)
    return Sealed(ephemeral_public, nonce, ChaCha20Poly1305(key).encrypt(nonce, plaintext, context))


def open_sealed(sealed: Sealed, my_ed25519_seed: bytes, context: bytes = b"") -> bytes:
    """Decrypt what :func:`seal` made for this office; ``SealError`` if it is not for this key
    or was altered."""
    if len(sealed.ephemeral_public) != 32 or len(sealed.nonce) != 12:
        raise SealError("Thông tin mã hoá trong gói bị hỏng.")
    mine = x25519_private_of(my_ed25519_seed)
    my_public = mine.public_key().public_bytes_raw()
    try:
        shared = mine.exchange(X25519PublicKey.from_public_bytes(sealed.ephemeral_public))
    except ValueError as exc:
        raise SealError("Thông tin mã hoá trong gói bị hỏng.") from exc
    key = _key(shared, sealed.ephemeral_public, my_public)
    try:
        return ChaCha20Poly1305(key).decrypt(sealed.nonce, sealed.ciphertext, context)
    except InvalidTag as exc:
        raise SealError(
            "Không giải mã được gói: gói không dành cho văn phòng này hoặc đã bị sửa."
        ) from exc
