"""Examples for the social network and media platform rules."""

from __future__ import annotations

from .cases import Case
from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("social")
H, A, L, U, B, D = F.hex, F.alnum, F.lower, F.upper, F.b64url, F.digits


def _cloudinary() -> Case:
    url = f"cloudinary://{D(15)}:{B(27)}@demo-cloud"
    return Case(
        "cloudinary-url",
        [(f'CLOUDINARY_URL = "{url}"', url), (f"CLOUDINARY_URL={url}\n", url)],
        [f"cloudinary://{D(15)}:{B(26)}@demo-cloud", f"cloudinary://{D(15)}@demo-cloud",
         f"cloudinary://{D(15)}:{'x' * 27}@demo-cloud"],
    )


CASES = [
    named("twitter-api-key", "TWITTER_API_KEY", A(25), A(24), [A(26)]),
    named("twitter-api-key", "twitter_consumer_key", A(25), A(24),
          template='client = Client({}="{}")'),
    named("twitter-api-secret", "TWITTER_API_SECRET", A(50), A(49), [A(51)]),
    named("twitter-access-token", "TWITTER_ACCESS_TOKEN", f"{D(19)}-{A(30)}", f"{D(19)}-{A(12)}",
          [f"{D(10)}-{A(30)}"]),
    named("twitter-access-secret", "TWITTER_ACCESS_TOKEN_SECRET", A(45), A(44), [A(46)]),
    named("twitter-oauth2-client-secret", "X_API_CLIENT_SECRET", f"{B(20)}-{B(29)}", B(49),
          [B(51)]),
    named("etsy-api-key", "ETSY_API_KEY", L(24), L(23), [L(25)]),
    named("facebook-app-access-token", "FB_ACCESS_TOKEN", f"{D(15)}|{B(32)}", f"{D(15)}|{B(20)}",
          [f"{D(12)}|{B(32)}"]),
    tok("instagram-access-token", "IGQV", f"WR{B(180)}", B(40), [f"IGXV{B(182)}"]),
    named("linkedin-client-secret", "LINKEDIN_CLIENT_SECRET", A(16), A(15), [A(17)]),
    named("linkedin-access-token", "LINKEDIN_ACCESS_TOKEN", f"AQ{B(200)}", f"AQ{B(60)}",
          [f"AX{B(200)}"]),
    tok("pinterest-access-token", "pina_", B(120), B(20), [f"pinb_{B(120)}"]),
    named("reddit-client-secret", "REDDIT_CLIENT_SECRET", B(30), B(26), [B(31)]),
    named("twitch-client-secret", "TWITCH_CLIENT_SECRET", L(30), L(29), [L(31)]),
    named("tiktok-access-token", "TIKTOK_ACCESS_TOKEN", f"act.{A(60)}", f"act.{A(20)}",
          [f"abc.{A(60)}"]),
    named("flickr-api-key", "FLICKR_API_KEY", H(32), H(31), [H(33)]),
    named("vimeo-access-token", "VIMEO_ACCESS_TOKEN", H(32), H(31), [H(33)]),
    named("spotify-client-secret", "SPOTIFY_CLIENT_SECRET", H(32), H(31), [H(33)]),
    named("soundcloud-client-secret", "SOUNDCLOUD_CLIENT_SECRET", A(32), A(31), [A(33)]),
    named("mux-token-secret", "MUX_TOKEN_SECRET", F.b64(75), F.b64(74), [F.b64(76)]),
    tok("frameio-api-token", "fio-u-", B(64), B(63), [f"fio-x-{B(64)}"]),
    tok("lichess-api-token", "lip_", A(20), A(12), [f"lap_{A(20)}"]),
    named("dribbble-access-token", "DRIBBBLE_ACCESS_TOKEN", H(64), H(63), [H(65)]),
    named("tumblr-api-secret", "TUMBLR_CONSUMER_SECRET", A(50), A(49), [A(51)]),
    named("imgur-client-secret", "IMGUR_CLIENT_SECRET", H(40), H(39), [H(41)]),
    named("discogs-token", "DISCOGS_TOKEN", A(40), A(39), [A(41)]),
    named("genius-access-token", "GENIUS_ACCESS_TOKEN", B(64), B(63), [B(65)]),
    named("lastfm-api-key", "LASTFM_API_KEY", H(32), H(31), [H(33)]),
    named("steam-web-api-key", "STEAM_API_KEY", H(32).upper(), H(31).upper(), [H(32)]),
    named("mastodon-access-token", "MASTODON_ACCESS_TOKEN", B(43), B(42), [B(44)]),
    named("bluesky-app-password", "BLUESKY_APP_PASSWORD", f"{L(4)}-{L(4)}-{L(4)}-{L(4)}",
          f"{L(4)}-{L(4)}-{L(4)}", [f"{L(4)}_{L(4)}_{L(4)}_{L(4)}"]),
    named("patreon-access-token", "PATREON_ACCESS_TOKEN", B(43), B(42), [B(44)]),
    _cloudinary(),
    named("cloudinary-api-secret", "CLOUDINARY_API_SECRET", B(27), B(26), [B(28)]),
]
