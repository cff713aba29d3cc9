"""The office key sealed with a passphrase, and bundle payloads sealed for their recipient."""

from __future__ import annotations

import dataclasses
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services.sync import keys, seal


def _pair() -> tuple[bytes, bytes]:
    k = Ed25519PrivateKey.generate()
    return k.private_bytes_raw(), k.public_key().public_bytes_raw()


# ---- the key at rest ----------------------------------------------------------------------------
def test_a_protected_key_opens_only_with_its_passphrase():
    seed, _ = _pair()
    stored = keys.protect(seed, "mật khẩu văn phòng")
    assert keys.is_protected(stored) and seed not in stored
    assert keys.unlock(stored, "mật khẩu văn phòng") == seed
    with pytest.raises(keys.KeyLocked, match="Sai mật khẩu"):
        keys.unlock(stored, "mat khau van phong")
    with pytest.raises(keys.KeyLocked, match="hãy nhập mật khẩu"):
        keys.unlock(stored, None)


def test_two_protections_of_one_key_differ_and_a_flipped_byte_is_refused():
    seed, _ = _pair()
    a, b = keys.protect(seed, "12345678"), keys.protect(seed, "12345678")
    assert a != b  # fresh salt and nonce each time
    broken = bytearray(a)
    broken[-3] ^= 1
    with pytest.raises(keys.KeyLocked):
        keys.unlock(bytes(broken), "12345678")


def test_a_short_or_mistyped_new_passphrase_is_refused_in_vietnamese():
    with pytest.raises(keys.ServiceError, match="ít nhất 8 ký tự"):
        keys.protect(os.urandom(32), "ngắn")
    with pytest.raises(keys.ServiceError, match="không giống nhau"):
        keys.check_new_passphrase("mot hai ba bon", "mot hai ba nam")


def test_a_legacy_unprotected_key_still_unlocks():
    seed, _ = _pair()
    assert not keys.is_protected(seed)
    assert keys.unlock(seed, None) == seed


# ---- sealing for the recipient ------------------------------------------------------------------
def test_the_x25519_twin_of_a_signing_key_matches_from_both_halves():
    """The public twin computed from the Ed25519 public key equals the public key of the twin
    computed from the seed: the two conversions agree, as libsodium's do."""
    for _ in range(20):
        seed, public = _pair()
        from_seed = seal.x25519_private_of(seed).public_key().public_bytes_raw()
        assert seal.x25519_public_of(public) == from_seed


def test_only_the_recipient_opens_and_the_context_is_bound():
    r_seed, r_pub = _pair()
    other_seed, _ = _pair()
    payload = "Nguyễn Văn A, sinh 1980, Trường Tiểu học Bản Bo".encode()
    sealed = seal.seal(payload, r_pub, b"LC-TD>LC#7")
    assert payload not in sealed.ciphertext
    assert seal.open_sealed(sealed, r_seed, b"LC-TD>LC#7") == payload
    with pytest.raises(seal.SealError, match="không dành cho văn phòng này"):
        seal.open_sealed(sealed, other_seed, b"LC-TD>LC#7")
    with pytest.raises(seal.SealError):  # moved into another bundle
        seal.open_sealed(sealed, r_seed, b"LC-TD>LC#8")
    tampered = dataclasses.replace(sealed, ciphertext=sealed.ciphertext[:-1] + b"\0")
    with pytest.raises(seal.SealError):
        seal.open_sealed(tampered, r_seed, b"LC-TD>LC#7")


def test_weak_recipient_keys_are_refused():
    identity = (1).to_bytes(32, "little")  # y = 1: the neutral point
    with pytest.raises(seal.SealError):
        seal.x25519_public_of(identity)
    with pytest.raises(seal.SealError):
        seal.x25519_public_of(b"\xff" * 32)  # y >= p: not a canonical encoding
    with pytest.raises(seal.SealError):
        seal.x25519_public_of(b"short")
    # A low-order ephemeral point in a forged manifest gives an all-zero secret: refused.
    r_seed, r_pub = _pair()
    forged = seal.Sealed(bytes(32), os.urandom(12), os.urandom(40))
    with pytest.raises(seal.SealError):
        seal.open_sealed(forged, r_seed)
    assert X25519PublicKey.from_public_bytes(seal.x25519_public_of(r_pub))


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=4096), st.binary(max_size=64))
def test_any_payload_round_trips(payload, context):
    r_seed, r_pub = _pair()
    assert seal.open_sealed(seal.seal(payload, r_pub, context), r_seed, context) == payload
