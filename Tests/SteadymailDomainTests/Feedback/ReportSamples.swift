import Foundation

/// Delivery status notifications and feedback reports modelled on what real MTAs and mailbox providers send. The
/// placeholders `{{RCPT}}` (the failed recipient) and `{{RETURN}}` (the original return path) are filled in by
/// `ReportSamples.render`, with LF or CRLF line ends.
enum ReportSamples {
    static func render(
        _ template: String, rcpt: String = "s1@example.org", returnPath: String = "bounces+abc@bounces.test",
        crlf: Bool = false
    ) -> [UInt8] {
        let text = template.replacingOccurrences(of: "{{RCPT}}", with: rcpt)
            .replacingOccurrences(of: "{{RETURN}}", with: returnPath)
        return Array((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8)
    }

    /// Postfix's bounce: a quoted boundary with a slash, a folded Diagnostic-Code, text/rfc822-headers third part.
    static let postfix = """
        Return-Path: <>
        Received: by mx.example.net (Postfix) id 4Xb1C2; Sun, 29 Nov 2026 14:00:01 +0000 (UTC)
        Date: Sun, 29 Nov 2026 14:00:01 +0000 (UTC)
        From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
        Subject: Undelivered Mail Returned to Sender
        To: {{RETURN}}
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
        \tboundary="4Xb1C2.1795960801/mx.example.net"
        Content-Transfer-Encoding: 8bit
        Message-Id: <20261129140001.4Xb1C2@mx.example.net>

        This is a MIME-encapsulated message.

        --4Xb1C2.1795960801/mx.example.net
        Content-Description: Notification
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        This is the mail system at host mx.example.net.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients.

        <{{RCPT}}>: host mail.example.org[192.0.2.25] said: 550 5.1.1
            <{{RCPT}}>: Recipient address rejected: User unknown in local recipient table

        --4Xb1C2.1795960801/mx.example.net
        Content-Description: Delivery report
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net
        X-Postfix-Queue-ID: 4Xb1C2
        X-Postfix-Sender: rfc822; {{RETURN}}
        Arrival-Date: Sun, 29 Nov 2026 13:59:58 +0000 (UTC)

        Final-Recipient: rfc822; {{RCPT}}
        Original-Recipient: rfc822;{{RCPT}}
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; mail.example.org
        Diagnostic-Code: smtp; 550 5.1.1 <{{RCPT}}>: Recipient address rejected: User
            unknown in local recipient table

        --4Xb1C2.1795960801/mx.example.net
        Content-Description: Undelivered Message Headers
        Content-Type: text/rfc822-headers
        Content-Transfer-Encoding: 8bit

        Return-Path: <{{RETURN}}>
        From: Shop <shop@example.com>
        To: <{{RCPT}}>
        Subject: News
        X-Steadymail-Campaign: 7

        --4Xb1C2.1795960801/mx.example.net--

        """

    /// Postfix's delay warning: `Action: delayed`, a 4.4.1 and Will-Retry-Until.
    static let postfixDelayed = """
        From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
        Subject: Delayed Mail (still being retried)
        To: {{RETURN}}
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
        \tboundary="9F0E1.1795960801/mx.example.net"

        --9F0E1.1795960801/mx.example.net
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.example.net. THIS IS A WARNING ONLY.

        --9F0E1.1795960801/mx.example.net
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net
        X-Postfix-Queue-ID: 9F0E1

        Final-Recipient: rfc822; {{RCPT}}
        Action: delayed
        Status: 4.4.1
        Diagnostic-Code: X-Postfix; connect to mail.example.org[192.0.2.25]:25: Connection timed out
        Will-Retry-Until: Wed, 2 Dec 2026 14:00:01 +0000 (UTC)

        --9F0E1.1795960801/mx.example.net--

        """

    /// Exim's bounce: an unquoted boundary, `rfc822;` without a space, status 5.0.0, X- fields.
    static let exim = """
        Return-path: <>
        Auto-Submitted: auto-replied
        From: Mail Delivery System <Mailer-Daemon@mx.exim.example>
        To: {{RETURN}}
        Subject: Mail delivery failed: returning message to sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary=1795960801-eximdsn-1804289383
        Content-Transfer-Encoding: 8bit

        --1795960801-eximdsn-1804289383
        Content-type: text/plain; charset=us-ascii

        This message was created automatically by mail delivery software.

          {{RCPT}}
            host mail.example.org [192.0.2.25]
            SMTP error from remote mail server after RCPT TO:<{{RCPT}}>:
            550 No such user here

        --1795960801-eximdsn-1804289383
        Content-type: message/delivery-status

        Reporting-MTA: dns; mx.exim.example

        Action: failed
        Final-Recipient: rfc822;{{RCPT}}
        Status: 5.0.0
        Remote-MTA: dns; mail.example.org
        X-Remote-MTA-smtp-greeting: X-Str: 220 mail.example.org ESMTP
        X-Remote-MTA-helo-response: X-Str: 250 mail.example.org
        Diagnostic-Code: smtp; 550 No such user here

        --1795960801-eximdsn-1804289383
        Content-type: message/rfc822

        Return-path: <{{RETURN}}>
        From: shop@example.com
        To: {{RCPT}}
        Subject: News

        Hello.

        --1795960801-eximdsn-1804289383--

        """

    /// Gmail's bounce: a nested multipart/related first part, `550-5.1.1` in the diagnostic, message/rfc822.
    static let gmail = """
        Delivered-To: {{RETURN}}
        Return-Path: <>
        From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
        To: {{RETURN}}
        Auto-Submitted: auto-replied
        Subject: Delivery Status Notification (Failure)
        References: <1795960790.7@mail.example.com>
        Content-Type: multipart/report; boundary="000000000000a1b2c3d4e5f60718"; report-type=delivery-status
        MIME-Version: 1.0

        --000000000000a1b2c3d4e5f60718
        Content-Type: multipart/related; boundary="000000000000a1b2c3d4e5f60729"

        --000000000000a1b2c3d4e5f60729
        Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f6073a"

        --000000000000a1b2c3d4e5f6073a
        Content-Type: text/plain; charset="UTF-8"

        ** Address not found **

        Your message wasn't delivered to {{RCPT}} because the address couldn't be found.

        --000000000000a1b2c3d4e5f6073a
        Content-Type: text/html; charset="UTF-8"

        <html><body><h2>Address not found</h2></body></html>

        --000000000000a1b2c3d4e5f6073a--
        --000000000000a1b2c3d4e5f60729--
        --000000000000a1b2c3d4e5f60718
        Content-Type: message/delivery-status

        Reporting-MTA: dns; googlemail.com
        Received-From-MTA: dns; mail.example.com
        Arrival-Date: Sun, 29 Nov 2026 06:00:00 -0800 (PST)
        X-Original-Message-ID: <1795960790.7@mail.example.com>

        Final-Recipient: rfc822; {{RCPT}}
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; gmail-smtp-in.l.google.com. (2a00:1450:400c:c0b::1b, the
         server for the domain example.org.)
        Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try
         550-5.1.1 double-checking the recipient's email address for typos or
         550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser
        Last-Attempt-Date: Sun, 29 Nov 2026 06:00:01 -0800 (PST)

        --000000000000a1b2c3d4e5f60718
        Content-Type: message/rfc822

        Return-Path: <{{RETURN}}>
        From: Shop <shop@example.com>
        To: {{RCPT}}
        Subject: News
        X-Steadymail-Campaign: 7

        Hello.

        --000000000000a1b2c3d4e5f60718--

        """

    /// Microsoft 365's NDR: multipart/alternative first part, a base64 message/delivery-status, status 5.1.10 (the
    /// recipient is filled in here, inside the base64).
    static func microsoft(rcpt: String = "s1@example.org") -> String {
        let status = """
            Reporting-MTA: dns;AM0PR01MB1234.eurprd01.prod.exchangelabs.com
            Received-From-MTA: dns;mail.example.com
            Arrival-Date: Sun, 29 Nov 2026 14:00:00 +0000

            Final-Recipient: rfc822;{{RCPT}}
            Action: failed
            Status: 5.1.10
            Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup

            """
        let encoded = Data(
            status.replacingOccurrences(of: "{{RCPT}}", with: rcpt).replacingOccurrences(of: "\n", with: "\r\n").utf8
        ).base64EncodedString(
            options: [.lineLength76Characters, .endLineWithLineFeed])
        return """
            From: postmaster@outlook.com
            To: {{RETURN}}
            Subject: Undeliverable: News
            Content-Type: multipart/report; report-type=delivery-status;
            \tboundary="f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f"
            MIME-Version: 1.0

            --f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f
            Content-Type: multipart/alternative; differentiator=3; boundary="b2c3d4e5-f6a7"

            --b2c3d4e5-f6a7
            Content-Type: text/plain; charset="us-ascii"
            Content-Transfer-Encoding: quoted-printable

            Your message to {{RCPT}} couldn't be delivered.=0D
            {{RCPT}} wasn't found at example.org.

            --b2c3d4e5-f6a7--

            --f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f
            Content-Type: message/delivery-status
            Content-Transfer-Encoding: base64

            \(encoded)

            --f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f
            Content-Type: text/rfc822-headers

            Return-Path: {{RETURN}}
            From: Shop <shop@example.com>
            To: <{{RCPT}}>
            Subject: News

            --f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f--

            """
    }

    /// One report about four recipients: delivered, relayed, expanded and a full mailbox (5.2.2, soft).
    static let mixed = """
        From: MAILER-DAEMON@mx.example.net
        Content-Type: multipart/report; report-type=delivery-status; boundary="mixed"

        --mixed
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net

        Final-Recipient: rfc822; delivered@example.org
        Action: delivered
        Status: 2.0.0

        Final-Recipient: rfc822; relayed@example.org
        Action: relayed
        Status: 2.0.0

        Final-Recipient: rfc822; expanded@example.org
        Action: expanded (to multi-recipient alias)
        Status: 2.0.0

        Final-Recipient: rfc822; {{RCPT}}
        Action: failed
        Status: 5.2.2 (mailbox full)
        Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

        --mixed--

        """

    /// An autoreply: no report at all.
    static let autoreply = """
        From: s1@example.org
        To: {{RETURN}}
        Subject: Out of office
        Auto-Submitted: auto-replied
        Content-Type: text/plain

        I am away until Monday. Action: failed
        Status: 5.1.1

        """

    /// RFC 5965 appendix B.2, with our return path as Original-Mail-From.
    static let rfc5965 = """
        From: <abusedesk@example.com>
        Date: Thu, 8 Mar 2005 17:40:36 EDT
        Subject: FW: Earn money
        To: <abuse@example.net>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report;
             boundary="part1_13d.2e68ed54_boundary"

        --part1_13d.2e68ed54_boundary
        Content-Type: text/plain; charset="US-ASCII"
        Content-Transfer-Encoding: 7bit

        This is an email abuse report for an email message received from IP
        192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT.  For more information
        about this format please see http://www.mipassoc.org/arf/.

        --part1_13d.2e68ed54_boundary
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: SomeGenerator/1.0
        Version: 1
        Original-Mail-From: <{{RETURN}}>
        Original-Rcpt-To: <{{RCPT}}>
        Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT
        Reporting-MTA: dns; mail.example.com
        Source-IP: 192.0.2.1
        Authentication-Results: mail.example.com;
                       spf=fail smtp.mail=somespammer@example.com
        Reported-Domain: example.net
        Reported-Uri: http://example.net/earn_money.html
        Reported-Uri: mailto:user@example.com
        Removal-Recipient: user@example.com

        --part1_13d.2e68ed54_boundary
        Content-Type: message/rfc822
        Content-Disposition: inline

        From: <somespammer@example.net>
        Received: from mailserver.example.net (mailserver.example.net
                [192.0.2.1]) by example.com with ESMTP id M63d4137594e46;
                Thu, 08 Mar 2005 14:00:00 -0400
        To: <Undisclosed Recipients>
        Subject: Earn money
        MIME-Version: 1.0
        Content-Type: text/plain
        Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net
        Date: Thu, 02 Sep 2004 12:31:03 -0500

        Spam Spam Spam
        Spam Spam Spam
        --part1_13d.2e68ed54_boundary--

        """

    /// A Yahoo/AOL-style feedback loop report: recipient redacted, no Original-Mail-From; the original message keeps
    /// its Return-Path, List-Unsubscribe and X-Steadymail-Campaign. `{{LISTUNSUB}}` is the original List-Unsubscribe.
    static let yahoo = """
        From: staff@hotmail.example
        To: fbl@bounces.test
        Subject: complaint about message from 192.0.2.7
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type="feedback-report"; boundary="----=_Part_1_2.3"

        ------=_Part_1_2.3
        Content-Type: text/plain; charset=us-ascii

        This is an email abuse report for an email message received from IP 192.0.2.7.

        ------=_Part_1_2.3
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: Yahoo!-Mail-Feedback/2.0
        Version: 0.1
        Original-Rcpt-To: redacted
        Received-Date: Sun, 29 Nov 2026 14:00:00 +0000
        Source-IP: 192.0.2.7

        ------=_Part_1_2.3
        Content-Type: message/rfc822
        Content-Disposition: inline

        Return-Path: <{{RETURN}}>
        Received: from mail.example.com (192.0.2.7) by mta1.mail.yahoo.example with SMTP;
         Sun, 29 Nov 2026 14:00:00 +0000
        From: Shop <shop@example.com>
        To: redacted
        Subject: News
        X-Steadymail-Campaign: 7
        List-Unsubscribe: {{LISTUNSUB}}

        Hello.
        ------=_Part_1_2.3--

        """
}
