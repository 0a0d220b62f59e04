"""Social networks and media platforms: the keys behind scraping, posting and media
pipelines. X / Twitter's consumer keys, secrets and access tokens carry no prefix, so they
count under a Twitter or X name only."""
from __future__ import annotations

from functools import partial

from ..rule import Rule
from .patterns import context, hex_chars, token
from .validators import PROVIDER_CHECKS

FAMILY = "social"
_named = partial(context, family=FAMILY, validators=PROVIDER_CHECKS)
_prefixed = partial(token, family=FAMILY, validators=PROVIDER_CHECKS)
_TWITTER = ("twitter", "tweepy", "x_api", "x_consumer", "x_access")

RULES = (
    _named("twitter-api-key", "X / Twitter API (consumer) key", _TWITTER, "[A-Za-z0-9]{25}",
           min_entropy=3.8),
    _named("twitter-api-secret", "X / Twitter API (consumer) secret", _TWITTER,
           "[A-Za-z0-9]{50}", min_entropy=4.2),
    _named("twitter-access-token", "X / Twitter user access token", _TWITTER,
           "[0-9]{15,25}-[A-Za-z0-9]{20,40}", min_entropy=3.8),
    _named("twitter-access-secret", "X / Twitter access token secret", _TWITTER,
           "[A-Za-z0-9]{45}", min_entropy=4.2),
    _named("twitter-oauth2-client-secret", "X / Twitter OAuth 2.0 client secret", _TWITTER,
           "[A-Za-z0-9_-]{50}", min_entropy=4.2),
    _named("etsy-api-key", "Etsy API keystring (and shared secret)", ("etsy",),
           "[a-z0-9]{24}(?::[a-z0-9]{10,64})?", extra="-:", min_entropy=3.5),
    _named("facebook-app-access-token", "Facebook / Meta app access token (app id | secret)",
           ("facebook", "fb_access_token", "fb_app_token", "meta_app_token"),
           "[0-9]{15,16}(?:\\||%7C)[A-Za-z0-9_-]{27,40}", extra="|%-", min_entropy=3.8),
    _prefixed("instagram-access-token", "Instagram Graph / Basic Display access token", "IG",
              "[A-Za-z0-9_-]{100,240}", head="IG(?:QV|AA)", keywords=("IGQV", "IGAA"),
              exact_keywords=True, min_entropy=4.5),
    _named("linkedin-client-secret", "LinkedIn OAuth client secret",
           ("linkedin", "linked_in", "linked-in"), "[A-Za-z0-9]{16}", min_entropy=3.0),
    _named("linkedin-access-token", "LinkedIn OAuth access token",
           ("linkedin", "linked_in", "linked-in"), "AQ[A-Za-z0-9_-]{100,400}", prefix="AQ",
           min_entropy=4.5),
    _prefixed("pinterest-access-token", "Pinterest access token", "pina_",
              "[A-Za-z0-9_-]{32,200}", min_entropy=4.2),
    _named("reddit-client-secret", "Reddit API client secret", ("reddit", "praw"),
           "[A-Za-z0-9_-]{27,30}", min_entropy=3.8),
    _named("twitch-client-secret", "Twitch client secret or OAuth token", ("twitch",),
           "[a-z0-9]{30}", min_entropy=3.6),
    _named("tiktok-access-token", "TikTok access or refresh token", ("tiktok",),
           r"(?:act|rft)\.[A-Za-z0-9!*_-]{40,100}", extra="-!*", min_entropy=4.2),
    _named("flickr-api-key", "Flickr API key or secret", ("flickr",), hex_chars("32")),
    _named("vimeo-access-token", "Vimeo access token", ("vimeo",), hex_chars("32")),
    _named("spotify-client-secret", "Spotify client secret", ("spotify", "spotipy"),
           hex_chars("32")),
    _named("soundcloud-client-secret", "SoundCloud client secret", ("soundcloud",),
           "[A-Za-z0-9]{32}", min_entropy=3.8),
    _named("mux-token-secret", "Mux access token secret",
           ("mux_token_secret", "mux_secret", "mux-token-secret", "mux_access_token_secret"),
           "[A-Za-z0-9+/]{75}", extra="+/", min_entropy=4.5),
    _prefixed("frameio-api-token", "Frame.io developer token", "fio-u-", "[A-Za-z0-9_=-]{64}",
              extra="_=-", min_entropy=4.2),
    _prefixed("lichess-api-token", "Lichess personal API token", "lip_", "[A-Za-z0-9]{16,20}",
              extra="", min_entropy=3.5),
    _named("dribbble-access-token", "Dribbble access token", ("dribbble",), hex_chars("64")),
    _named("tumblr-api-secret", "Tumblr consumer or token secret", ("tumblr",), "[A-Za-z0-9]{50}",
           min_entropy=4.2),
    _named("imgur-client-secret", "Imgur client secret", ("imgur",), hex_chars("40")),
    _named("discogs-token", "Discogs personal access token", ("discogs",), "[A-Za-z0-9]{40}",
           min_entropy=4.0),
    _named("genius-access-token", "Genius API access token",
           ("genius_access_token", "genius_token", "genius_client_access"), "[A-Za-z0-9_-]{64}",
           min_entropy=4.2),
    _named("lastfm-api-key", "Last.fm API key or secret", ("lastfm", "last_fm", "last.fm"),
           hex_chars("32")),
    _named("steam-web-api-key", "Steam Web API key",
           ("steam_api_key", "steam_web_api", "steam-api-key", "steamapikey", "steam_key"),
           "[A-F0-9]{32}"),
    _named("mastodon-access-token", "Mastodon access token", ("mastodon",), "[A-Za-z0-9_-]{43}",
           min_entropy=4.0),
    _named("bluesky-app-password", "Bluesky app password", ("bluesky", "bsky"),
           "[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", min_entropy=3.0),
    _named("patreon-access-token", "Patreon creator access token", ("patreon",),
           "[A-Za-z0-9_-]{43}", min_entropy=4.0),
    Rule(id="cloudinary-url", family=FAMILY,
         description="Cloudinary URL (API key and secret in CLOUDINARY_URL)",
         pattern=(r"\b(?P<secret>cloudinary://[0-9]{12,16}:[A-Za-z0-9_-]{27}@[a-z0-9_-]{1,64})"
                  r"(?:[^A-Za-z0-9_-]|$)"),
         keywords=("cloudinary://",), prefix="cloudinary://", min_entropy=3.8,
         validators=PROVIDER_CHECKS),
    _named("cloudinary-api-secret", "Cloudinary API secret", ("cloudinary",),
           "[A-Za-z0-9_-]{27}", min_entropy=3.8),
)
