"""itsdangerous signers that derive their key once.

itsdangerous derives the signing key from the secret and the salt (an extra HMAC) on every sign and
verify; on the referral link's path, which signs and verifies on every click, that was a tenth of the
request. The derived key depends only on the secret and the salt, so it is kept on the signer.
"""

from itsdangerous import Signer, TimestampSigner


class _DerivedKeyOnce:
    def derive_key(self, secret_key=None):
        keys = self.__dict__.setdefault("_derived_keys", {})
        if secret_key not in keys:
            keys[secret_key] = super().derive_key(secret_key)
        return keys[secret_key]


class KeyedSigner(_DerivedKeyOnce, Signer):
    """A Signer (value.signature)."""


class KeyedTimestampSigner(_DerivedKeyOnce, TimestampSigner):
    """A TimestampSigner (value.timestamp.signature): its age can be checked on unsign."""
