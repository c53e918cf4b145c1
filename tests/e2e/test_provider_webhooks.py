"""Issue 9 point 4: the bounce and complaint webhooks of relaying providers on the public listener. An SES complaint
notification, wrapped in SNS and signed with a certificate made here (pinned in `feedback.ses.certificate_files`),
is accepted and its event handed to the feedback sink; an edited one is refused with a 401 and nothing is recorded.
SendGrid (ECDSA P-256 over timestamp + body), Mailgun (HMAC over timestamp + token) and Postmark (basic auth) each
get one accepted request and one refused. A provider that is not configured is a 404. Keys and signatures are made
with the openssl command line."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from audience_support import call
from campaign_support import add_audience, subscriber_rows
from conftest import PASSWORD, free_port

TOPIC = "arn:aws:sns:us-east-1:123456789012:ses-feedback"
CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-e2e.pem"
MAILGUN_KEY = "key-e2e-signing"
POSTMARK_PASSWORD = PASSWORD  # the password of the session `password_hash` fixture


def openssl(*args: str, input: bytes | None = None) -> bytes:
    result = subprocess.run(["openssl", *args], input=input, capture_output=True, timeout=60, check=True)
    return result.stdout


def sns_canonical(fields: dict) -> bytes:
    """The text SNS signs for a notification (AWS: "Verifying the signatures of Amazon SNS messages")."""
    order = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    return "".join(f"{k}\n{fields[k]}\n" for k in order if k in fields).encode()


def signed_sns(key: Path, message: dict, message_id: str) -> dict:
    fields = {
        "Type": "Notification", "MessageId": message_id, "TopicArn": TOPIC, "Message": json.dumps(message),
        "Timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"), "SignatureVersion": "2",
        "SigningCertURL": CERT_URL,
    }
    signature = openssl("dgst", "-sha256", "-sign", str(key), input=sns_canonical(fields))
    fields["Signature"] = base64.b64encode(signature).decode()
    return fields


def ses_complaint(email: str) -> dict:
    """An SES complaint notification as in the SES documentation's examples."""
    return {
        "notificationType": "Complaint",
        "complaint": {
            "userAgent": "AnyCompany Feedback Loop (V0.01)", "complainedRecipients": [{"emailAddress": email}],
            "complaintFeedbackType": "abuse", "arrivalDate": "2016-01-27T14:59:38.237Z",
            "timestamp": "2016-01-27T14:59:38.237Z",
            "feedbackId": "000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000",
        },
        "mail": {
            "timestamp": "2016-01-27T14:59:38.237Z", "source": "shop@example.org",
            "messageId": "000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000",
            "destination": [email], "headersTruncated": False,
            "headers": [{"name": "Message-ID", "value": "<custom-message-ID@example.org>"}],
            "commonHeaders": {"messageId": "<custom-message-ID@example.org>", "subject": "Hello"},
        },
    }


@pytest.fixture
def keys(tmp_path) -> dict:
    """An RSA key with a self-signed certificate (SNS) and a P-256 key (SendGrid)."""
    rsa_key, cert = tmp_path / "sns-key.pem", tmp_path / "sns-cert.pem"
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=sns.e2e.test", "-days", "2",
            "-keyout", str(rsa_key), "-out", str(cert))
    other_key = tmp_path / "other-key.pem"
    openssl("genrsa", "-out", str(other_key), "2048")
    ec_key = tmp_path / "sendgrid-key.pem"
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", str(ec_key))
    ec_public = base64.b64encode(openssl("ec", "-in", str(ec_key), "-pubout", "-outform", "DER")).decode()
    return {"rsa": rsa_key, "cert": cert, "other": other_key, "ec": ec_key, "ec_public": ec_public}


def post(public: str, path: str, body: bytes, headers: dict | None = None):
    import http.client
    host, port = public.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        content = response.read()
        return response.status, json.loads(content) if content else None
    finally:
        connection.close()


def received(server, kind: str, source: str, email: str) -> int:
    """How many times the feedback processor logged this event as recorded."""
    return sum(1 for line in server.stderr_text().splitlines()
               if "feedback recorded" in line and kind in line and source in line and email in line)


@pytest.fixture
def feedback_server(server_factory, keys, password_hash):
    public = f"127.0.0.1:{free_port()}"
    server = server_factory(
        http={"public_listen": public},
        feedback={
            "ses": {"enabled": True, "certificate_files": [str(keys["cert"])], "topic_arns": [TOPIC]},
            "sendgrid": {"public_key": keys["ec_public"]},
            "mailgun": {"signing_key": MAILGUN_KEY},
            "postmark": {"username": "postmark", "password_hash": password_hash},
        })
    server.wait_for_port(int(public.rsplit(":", 1)[1]), 15)
    return server, public


@pytest.mark.timeout(120)
def test_signed_ses_complaint_is_accepted_and_a_forged_one_refused(feedback_server, keys):
    server, public = feedback_server
    forged = signed_sns(keys["rsa"], ses_complaint("x@example.org"), "sns-forged")
    forged["Message"] = json.dumps(ses_complaint("victim@example.org"))
    status, answer = post(public, "/feedback/ses", json.dumps(forged).encode())
    assert status == 401 and answer["error"]["code"] == "invalid_signature", (status, answer)
    other = signed_sns(keys["other"], ses_complaint("victim@example.org"), "sns-other")
    status, answer = post(public, "/feedback/ses", json.dumps(other).encode())
    assert status == 401, (status, answer)

    genuine = signed_sns(keys["rsa"], ses_complaint("x@example.org"), "sns-1")
    status, answer = post(public, "/feedback/ses", json.dumps(genuine).encode())
    assert status == 200 and answer["events"] == 1, (status, answer)
    deadline = time.monotonic() + 10
    while received(server, "complaint", "ses", "x@example.org") == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert received(server, "complaint", "ses", "x@example.org") == 1, server.stderr_text()[-4000:]
    assert received(server, "complaint", "ses", "victim@example.org") == 0

    status, answer = post(public, "/feedback/ses", b"{not json")
    assert status == 400 and answer["error"]["code"] == "invalid_request", (status, answer)


@pytest.mark.timeout(120)
def test_sendgrid_mailgun_and_postmark_accept_genuine_requests_only(feedback_server, keys):
    server, public = feedback_server
    body = json.dumps([
        {"email": "sg@example.org", "timestamp": int(time.time()), "event": "bounce", "type": "bounce",
         "status": "5.1.1", "reason": "550 5.1.1 unknown user", "sg_event_id": "sg-1"},
        {"email": "sg@example.org", "timestamp": int(time.time()), "event": "delivered", "sg_event_id": "sg-2"},
    ]).encode()
    stamp = str(int(time.time()))
    signature = base64.b64encode(openssl("dgst", "-sha256", "-sign", str(keys["ec"]), input=stamp.encode() + body))
    headers = {"X-Twilio-Email-Event-Webhook-Signature": signature.decode(),
               "X-Twilio-Email-Event-Webhook-Timestamp": stamp}
    status, answer = post(public, "/feedback/sendgrid", body.replace(b"sg@", b"xx@"), headers)
    assert status == 401, (status, answer)
    status, answer = post(public, "/feedback/sendgrid", body, headers)
    assert status == 200 and answer["events"] == 1, (status, answer)

    def mailgun(token: str, key: str) -> bytes:
        ts = str(int(time.time()))
        mac = hmac.new(key.encode(), (ts + token).encode(), hashlib.sha256).hexdigest()
        return json.dumps({
            "signature": {"timestamp": ts, "token": token, "signature": mac},
            "event-data": {"event": "complained", "id": f"mg-{token}", "timestamp": time.time(),
                           "recipient": "mg@example.org", "message": {"headers": {"message-id": "a@example.org"}}},
        }).encode()

    status, answer = post(public, "/feedback/mailgun", mailgun("tok-forged", "wrong-key"))
    assert status == 401, (status, answer)
    genuine = mailgun("tok-1", MAILGUN_KEY)
    status, answer = post(public, "/feedback/mailgun", genuine)
    assert status == 200 and answer["events"] == 1, (status, answer)
    status, answer = post(public, "/feedback/mailgun", genuine)
    assert status == 401 and answer["error"]["code"] == "replayed", (status, answer)

    postmark = json.dumps({
        "RecordType": "Bounce", "MessageStream": "outbound", "ID": 4323372036854775807, "Type": "HardBounce",
        "TypeCode": 1, "Name": "Hard bounce", "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "Test bounce details", "Email": "pm@example.org", "From": "shop@example.org",
        "BouncedAt": "2019-11-05T16:33:54.9070259Z", "Inactive": True, "CanActivate": True,
    }).encode()

    def basic(user: str, password: str) -> dict:
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}

    status, answer = post(public, "/feedback/postmark", postmark, basic("postmark", "wrong"))
    assert status == 401, (status, answer)
    status, answer = post(public, "/feedback/postmark", postmark, basic("postmark", POSTMARK_PASSWORD))
    assert status == 200 and answer["events"] == 1, (status, answer)

    deadline = time.monotonic() + 10
    expected = [("hard_bounce", "sendgrid", "sg@example.org"), ("complaint", "mailgun", "mg@example.org"),
                ("hard_bounce", "postmark", "pm@example.org")]
    while any(received(server, *e) == 0 for e in expected) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [received(server, *e) for e in expected] == [1, 1, 1], server.stderr_text()[-4000:]
    assert received(server, "", "sendgrid", "xx@example.org") == 0


@pytest.mark.timeout(60)
def test_unconfigured_providers_are_not_found(server_factory):
    public = f"127.0.0.1:{free_port()}"
    server = server_factory(http={"public_listen": public})
    server.wait_for_port(int(public.rsplit(":", 1)[1]), 15)
    for provider in ("ses", "sendgrid", "mailgun", "postmark"):
        status, answer = post(public, f"/feedback/{provider}", b"{}")
        assert status == 404 and answer["error"]["code"] == "not_found", (provider, status, answer)
    # The webhooks are on the public listener only, never on the API listener.
    status, _, _ = call(server.config["http"]["listen"], "POST", "/feedback/ses", raw=b"{}")
    assert status == 404


@pytest.mark.timeout(120)
def test_ses_complaint_webhook_suppresses_the_address(feedback_server, keys):
    server, public = feedback_server
    add_audience(server, {"news": subscriber_rows(3)})
    genuine = signed_sns(keys["rsa"], ses_complaint("s1@example.org"), "sns-effect")
    status, answer = post(public, "/feedback/ses", json.dumps(genuine).encode())
    assert status == 200, (status, answer)
    deadline = time.monotonic() + 10
    entry = None
    while entry is None and time.monotonic() < deadline:
        listing = server.cli_json("suppression", "list")["suppressions"]
        entry = next((e for e in listing if e["email"] == "s1@example.org"), None)
        time.sleep(0.2)
    assert entry is not None and entry["reason"] == "complaint", entry
