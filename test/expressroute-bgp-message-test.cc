// SPDX-License-Identifier: GPL-2.0-only
// The BGP-4 codec: round trips, the errors RFC 4271 §6 prescribes for malformed messages, stream
// framing, and a deterministic mutation fuzz of the decoder (no crash on 10^6 inputs).
#include "expressroute-bgp-message.h"

#include <gtest/gtest.h>

#include <random>

using namespace ns3::expressroute;

namespace
{

Ipv4Prefix
P(const char* text)
{
    return *Ipv4Prefix::Parse(text);
}

BgpUpdate
SampleUpdate()
{
    BgpUpdate u;
    u.withdrawn = {P("10.9.0.0/16")};
    u.attributes.origin = BgpOrigin::Igp;
    u.attributes.asPath = std::vector<BgpAsPathSegment>{{BgpAsPathSegment::kSequence, {12076, 65010, 4200000001u}}};
    u.attributes.nextHop = *ParseIpv4("192.168.100.2");
    u.attributes.med = 50;
    u.attributes.localPref = 200;
    u.attributes.communities = {(12076u << 16) | 51002u};
    u.nlri = {P("10.1.0.0/16"), P("10.2.128.0/17"), P("0.0.0.0/0"), P("203.0.113.7/32")};
    return u;
}

BgpDecodeError
DecodeError(const std::vector<uint8_t>& bytes)
{
    auto r = DecodeBgpMessage(bytes.data(), bytes.size());
    EXPECT_TRUE(std::holds_alternative<BgpDecodeError>(r)) << "expected a decode error";
    return std::holds_alternative<BgpDecodeError>(r) ? std::get<BgpDecodeError>(r) : BgpDecodeError{};
}

BgpUpdate
Decoded(const std::vector<uint8_t>& bytes, bool fourOctetAs = true)
{
    auto r = DecodeBgpMessage(bytes.data(), bytes.size(), fourOctetAs);
    if (const auto* e = std::get_if<BgpDecodeError>(&r))
    {
        ADD_FAILURE() << "expected an UPDATE, got an error: " << e->reason;
        return {};
    }
    const auto* u = std::get_if<BgpUpdate>(&std::get<BgpMessage>(r));
    if (!u)
    {
        ADD_FAILURE() << "expected an UPDATE";
        return {};
    }
    return *u;
}

/// Offset of the first path attribute in an encoded UPDATE with @p withdrawnBytes of withdrawn.
std::size_t
FirstAttribute(std::size_t withdrawnBytes)
{
    return kBgpHeaderSize + 2 + withdrawnBytes + 2;
}

} // namespace

TEST(BgpMessage, OpenRoundTripsWithFourOctetAs)
{
    BgpOpen o;
    o.asn = 4200000001u;
    o.holdTime = 90;
    o.bgpId = *ParseIpv4("192.168.100.1");
    const auto bytes = EncodeBgpMessage(o);
    EXPECT_EQ(bytes[19 + 1], kAsTrans >> 8) << "My AS carries AS_TRANS for a 4-octet ASN";
    auto r = DecodeBgpMessage(bytes.data(), bytes.size());
    ASSERT_TRUE(std::holds_alternative<BgpMessage>(r)) << std::get<BgpDecodeError>(r).reason;
    const auto& d = std::get<BgpOpen>(std::get<BgpMessage>(r));
    EXPECT_EQ(d.asn, 4200000001u);
    EXPECT_EQ(d.holdTime, 90);
    EXPECT_TRUE(d.fourOctetAs);
    EXPECT_TRUE(d.ipv4Unicast);
}

TEST(BgpMessage, UpdateRoundTripsEveryAttribute)
{
    const BgpUpdate u = SampleUpdate();
    const auto bytes = EncodeBgpMessage(u);
    auto r = DecodeBgpMessage(bytes.data(), bytes.size());
    ASSERT_TRUE(std::holds_alternative<BgpMessage>(r)) << std::get<BgpDecodeError>(r).reason;
    const auto& d = std::get<BgpUpdate>(std::get<BgpMessage>(r));
    EXPECT_EQ(d.withdrawn, u.withdrawn);
    EXPECT_EQ(d.nlri, u.nlri);
    EXPECT_EQ(d.attributes, u.attributes);
    EXPECT_EQ(d.attributes.AsPathLength(), 3u);
    EXPECT_EQ(d.attributes.FirstAsn(), 12076u);
}

TEST(BgpMessage, KeepaliveIsNineteenBytesAndNotificationCarriesData)
{
    EXPECT_EQ(EncodeBgpMessage(BgpKeepalive{}).size(), 19u);
    BgpNotification n{bgperr::kCease, bgperr::kMaxPrefixesReached, {0, 1, 0, 0, 0x0f, 0xa0}};
    const auto bytes = EncodeBgpMessage(n);
    auto r = DecodeBgpMessage(bytes.data(), bytes.size());
    const auto& d = std::get<BgpNotification>(std::get<BgpMessage>(r));
    EXPECT_EQ(d.code, 6);
    EXPECT_EQ(d.subcode, 1);
    EXPECT_EQ(d.data, n.data);
    EXPECT_EQ(BgpErrorName(6, 1), "Cease / Maximum Number of Prefixes Reached");
}

TEST(BgpMessage, BadMarkerIsConnectionNotSynchronized)
{
    auto bytes = EncodeBgpMessage(BgpKeepalive{});
    bytes[3] = 0x00;
    const auto e = DecodeError(bytes);
    EXPECT_EQ(e.code, bgperr::kHeader);
    EXPECT_EQ(e.subcode, bgperr::kConnectionNotSynchronized);
}

TEST(BgpMessage, BadLengthCarriesTheLengthField)
{
    auto bytes = EncodeBgpMessage(BgpKeepalive{});
    bytes.push_back(0);
    bytes[17] = 20; // a 20-byte KEEPALIVE
    const auto e = DecodeError(bytes);
    EXPECT_EQ(e.code, bgperr::kHeader);
    EXPECT_EQ(e.subcode, bgperr::kBadMessageLength);
    EXPECT_EQ(e.data, (std::vector<uint8_t>{0, 20}));
}

TEST(BgpMessage, UnknownTypeIsBadMessageType)
{
    auto bytes = EncodeBgpMessage(BgpKeepalive{});
    bytes[18] = 9;
    const auto e = DecodeError(bytes);
    EXPECT_EQ(e.subcode, bgperr::kBadMessageType);
    EXPECT_EQ(e.data, (std::vector<uint8_t>{9}));
}

TEST(BgpMessage, OpenWithHoldTimeTwoIsUnacceptable)
{
    BgpOpen o;
    o.asn = 65010;
    o.holdTime = 3;
    o.bgpId = *ParseIpv4("10.0.0.1");
    auto bytes = EncodeBgpMessage(o);
    bytes[19 + 4] = 2;
    const auto e = DecodeError(bytes);
    EXPECT_EQ(e.code, bgperr::kOpen);
    EXPECT_EQ(e.subcode, bgperr::kUnacceptableHoldTime);
}

TEST(BgpMessage, OpenWithVersionThreeIsUnsupported)
{
    BgpOpen o;
    o.asn = 65010;
    o.bgpId = *ParseIpv4("10.0.0.1");
    auto bytes = EncodeBgpMessage(o);
    bytes[19] = 3;
    const auto e = DecodeError(bytes);
    EXPECT_EQ(e.subcode, bgperr::kUnsupportedVersion);
    EXPECT_EQ(e.data, (std::vector<uint8_t>{0, 4})) << "data: the largest supported version";
}

// RFC 7606: malformed attributes withdraw the UPDATE's routes; the session stays up
// (test/expressroute-bgp-robustness-test.cc has the full table of malformed UPDATEs).
TEST(BgpMessage, AttributeFlagsErrorOnOriginIsTreatAsWithdraw)
{
    BgpUpdate u = SampleUpdate();
    u.withdrawn.clear();
    auto bytes = EncodeBgpMessage(u);
    const std::size_t origin = FirstAttribute(0);
    ASSERT_EQ(bytes[origin + 1], 1) << "ORIGIN comes first";
    bytes[origin] = 0xC0; // well-known ORIGIN marked optional
    const BgpUpdate d = Decoded(bytes);
    EXPECT_TRUE(d.treatAsWithdraw);
    EXPECT_EQ(d.withdrawn, u.nlri) << "the announced routes are withdrawn";
    EXPECT_TRUE(d.nlri.empty());
}

TEST(BgpMessage, InvalidOriginValueIsTreatAsWithdraw)
{
    BgpUpdate u = SampleUpdate();
    u.withdrawn.clear();
    auto bytes = EncodeBgpMessage(u);
    bytes[FirstAttribute(0) + 3] = 7;
    const BgpUpdate d = Decoded(bytes);
    EXPECT_TRUE(d.treatAsWithdraw);
    ASSERT_EQ(d.attributeErrors.size(), 1u);
    EXPECT_EQ(d.attributeErrors[0], "ORIGIN value 7");
}

TEST(BgpMessage, MalformedAsPathSegmentIsTreatAsWithdraw)
{
    BgpUpdate u = SampleUpdate();
    u.withdrawn.clear();
    auto bytes = EncodeBgpMessage(u);
    const std::size_t asPath = FirstAttribute(0) + 4; // after ORIGIN (flags, type, len, value)
    ASSERT_EQ(bytes[asPath + 1], 2);
    auto bad = bytes;
    bad[asPath + 3] = 5; // segment type 5
    EXPECT_TRUE(Decoded(bad).treatAsWithdraw);
    bad = bytes;
    bad[asPath + 4] = 9; // 9 ASNs announced, 3 present
    const BgpUpdate d = Decoded(bad);
    EXPECT_TRUE(d.treatAsWithdraw);
    EXPECT_EQ(d.withdrawn.size(), 4u);
}

TEST(BgpMessage, MissingMandatoryAttributeIsTreatAsWithdraw)
{
    BgpUpdate u = SampleUpdate();
    u.attributes.nextHop.reset();
    const BgpUpdate d = Decoded(EncodeBgpMessage(u));
    EXPECT_TRUE(d.treatAsWithdraw);
    ASSERT_EQ(d.attributeErrors.size(), 1u);
    EXPECT_EQ(d.attributeErrors[0], "mandatory attribute NEXT_HOP missing");
    EXPECT_EQ(d.withdrawn.size(), 5u) << "1 withdrawn + 4 announced";
}

TEST(BgpMessage, NlriLengthOver32IsInvalidNetworkField)
{
    BgpUpdate u = SampleUpdate();
    auto bytes = EncodeBgpMessage(u);
    // The last NLRI is 203.0.113.7/32: length byte then 4 bytes.
    bytes[bytes.size() - 5] = 33;
    EXPECT_EQ(DecodeError(bytes).subcode, bgperr::kInvalidNetworkField);
}

TEST(BgpMessage, WithdrawnLengthTooLargeIsMalformedAttributeList)
{
    auto bytes = EncodeBgpMessage(SampleUpdate());
    bytes[19] = 0x0f;
    EXPECT_EQ(DecodeError(bytes).subcode, bgperr::kMalformedAttributeList);
}

TEST(BgpMessage, MulticastNextHopIsTreatAsWithdraw)
{
    BgpUpdate u = SampleUpdate();
    u.attributes.nextHop = *ParseIpv4("224.0.0.5");
    EXPECT_TRUE(Decoded(EncodeBgpMessage(u)).treatAsWithdraw) << "RFC 4271 §6.3: route ignored";
}

TEST(BgpMessage, StreamReaderSplitsMessagesAcrossSegments)
{
    std::vector<uint8_t> stream;
    for (const BgpMessage& m : {BgpMessage{BgpKeepalive{}}, BgpMessage{SampleUpdate()},
                                BgpMessage{BgpKeepalive{}}})
    {
        const auto b = EncodeBgpMessage(m);
        stream.insert(stream.end(), b.begin(), b.end());
    }
    BgpStreamReader reader;
    std::vector<std::size_t> sizes;
    for (std::size_t i = 0; i < stream.size(); i += 7) // 7-byte TCP segments
    {
        reader.Append(stream.data() + i, std::min<std::size_t>(7, stream.size() - i));
        while (auto next = reader.Next())
        {
            ASSERT_TRUE(std::holds_alternative<std::vector<uint8_t>>(*next));
            sizes.push_back(std::get<std::vector<uint8_t>>(*next).size());
        }
    }
    ASSERT_EQ(sizes.size(), 3u);
    EXPECT_EQ(sizes[0], 19u);
    EXPECT_EQ(sizes[2], 19u);
}

TEST(BgpMessage, StreamReaderRejectsBadLengthBeforeTheBody)
{
    std::vector<uint8_t> header(19, 0xff);
    header[16] = 0x20;
    header[17] = 0x00; // 8,192 bytes
    header[18] = 2;
    BgpStreamReader reader;
    reader.Append(header.data(), header.size());
    auto next = reader.Next();
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(std::get<BgpDecodeError>(*next).subcode, bgperr::kBadMessageLength);
}

TEST(BgpMessage, PrefixesPerUpdateFitIn4096Bytes)
{
    BgpUpdate u = SampleUpdate(); // its 4-octet ASN needs AS4_PATH towards a 2-octet peer
    u.withdrawn.clear();
    u.nlri.clear();
    const std::size_t n = MaxPrefixesPerUpdate(u.attributes, 24);
    for (std::size_t i = 0; i < n; ++i)
    {
        u.nlri.push_back(Ipv4Prefix{(10u << 24) | static_cast<uint32_t>(i << 8), 24});
    }
    EXPECT_LE(EncodeBgpMessage(u, true).size(), kBgpMaxMessageSize);
    EXPECT_LE(EncodeBgpMessage(u, false).size(), kBgpMaxMessageSize);
    u.nlri.push_back(Ipv4Prefix{(11u << 24), 24});
    EXPECT_GT(EncodeBgpMessage(u, false).size(), kBgpMaxMessageSize) << "the larger encoding is full";
}

// Attributes that leave no room for a prefix say 0 (not a count that wraps or stays 0 forever in
// a loop): for every size of an unknown transitive attribute around the limit, the count of
// /32s is exactly what fits, and one more never does.
TEST(BgpMessage, AttributesTooLargeForOnePrefixFitNone)
{
    for (std::size_t pad = 4030; pad <= 4080; ++pad)
    {
        BgpUpdate u;
        u.attributes.origin = BgpOrigin::Igp;
        u.attributes.asPath = std::vector<BgpAsPathSegment>{{BgpAsPathSegment::kSequence, {65001}}};
        u.attributes.nextHop = 0xc0a86401;
        u.attributes.passOn.push_back(BgpRawAttribute{0xc0, 200, std::vector<uint8_t>(pad, 0xab)});
        const std::size_t fixed = UpdateSizeWithoutPrefixes(u.attributes);
        EXPECT_EQ(fixed, EncodeBgpMessage(u, true).size()) << pad;
        const std::size_t n = MaxPrefixesPerUpdate(u.attributes, 32);
        EXPECT_EQ(n, fixed + 5 > kBgpMaxMessageSize ? 0 : (kBgpMaxMessageSize - fixed) / 5) << pad;
        for (std::size_t i = 0; i <= n; ++i)
        {
            u.nlri.push_back(Ipv4Prefix{(10u << 24) | static_cast<uint32_t>(i), 32});
        }
        EXPECT_GT(EncodeBgpMessage(u, true).size(), kBgpMaxMessageSize) << pad << ": " << n + 1;
        u.nlri.pop_back();
        if (n > 0)
        {
            EXPECT_LE(EncodeBgpMessage(u, true).size(), kBgpMaxMessageSize) << pad << ": " << n;
        }
    }
}

// Deterministic mutation fuzzing: valid messages, mutated a million times (bit flips, byte
// overwrites with boundary values, truncations, extensions, length-field rewrites). The decoder
// must return a message or an error with a valid NOTIFICATION code, and a decoded message must
// survive a re-encode/decode round trip. (scripts/fuzz-bgp.sh runs the libFuzzer target.)
TEST(BgpMessageFuzz, MillionMutatedMessagesNeverCrashTheDecoder)
{
    BgpOpen open;
    open.asn = 65010;
    open.bgpId = *ParseIpv4("10.0.0.1");
    BgpUpdate rich = SampleUpdate(); // the attributes RFC 7606 / RFC 6793 handling adds
    rich.attributes.atomicAggregate = true;
    rich.attributes.aggregator = BgpAggregator{4200000002u, *ParseIpv4("10.0.0.1")};
    rich.attributes.passOn = {{0xc0, 32, std::vector<uint8_t>(12, 1)}, {0xe0, 0xf0, {0xde, 0xad}}};
    rich.mpNlri = {P("10.5.0.0/16")};
    rich.mpNextHop = *ParseIpv4("192.168.100.1");
    const std::vector<std::vector<uint8_t>> seeds{
        EncodeBgpMessage(open),
        EncodeBgpMessage(SampleUpdate()),
        EncodeBgpMessage(rich),
        EncodeBgpMessage(rich, false), // AS_TRANS, AS4_PATH, AS4_AGGREGATOR
        EncodeBgpMessage(BgpNotification{6, 1, {1, 2, 3}}),
        EncodeBgpMessage(BgpKeepalive{}),
    };
    std::mt19937_64 rng(20261126);
    constexpr uint32_t kInputs = 1000000;
    uint32_t decoded = 0;
    uint32_t rejected = 0;
    const uint8_t boundary[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x0f, 0x10, 0x1f, 0x20, 0x21,
                                0x40, 0x7f, 0x80, 0xc0, 0xfe, 0xff};
    for (uint32_t i = 0; i < kInputs; ++i)
    {
        std::vector<uint8_t> m = seeds[rng() % seeds.size()];
        const int mutations = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < mutations; ++k)
        {
            if (m.empty())
            {
                break;
            }
            switch (rng() % 6)
            {
            case 0:
                m[rng() % m.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
                break;
            case 1:
                m[rng() % m.size()] = boundary[rng() % sizeof(boundary)];
                break;
            case 2:
                m.resize(rng() % (m.size() + 1));
                break;
            case 3:
                for (int n = static_cast<int>(rng() % 8); n > 0; --n)
                {
                    m.push_back(static_cast<uint8_t>(rng()));
                }
                break;
            case 4:
                if (m.size() >= 18)
                {
                    // Keep the header consistent with the new size so the body gets parsed.
                    m[16] = static_cast<uint8_t>(m.size() >> 8);
                    m[17] = static_cast<uint8_t>(m.size());
                }
                break;
            default:
                if (m.size() > 21)
                {
                    m[21 + rng() % (m.size() - 21)] = static_cast<uint8_t>(rng());
                }
            }
        }
        if (rng() % 2 && m.size() >= 18)
        {
            m[16] = static_cast<uint8_t>(m.size() >> 8);
            m[17] = static_cast<uint8_t>(m.size());
        }
        // As a 2-octet AS session (AS4_PATH merge): no crash, only header/OPEN/UPDATE errors.
        auto r2Octet = DecodeBgpMessage(m.data(), m.size(), false);
        if (const auto* e = std::get_if<BgpDecodeError>(&r2Octet))
        {
            ASSERT_TRUE(e->code >= 1 && e->code <= 3) << "2-octet decode: " << e->reason;
        }
        auto r = DecodeBgpMessage(m.data(), m.size());
        if (const auto* e = std::get_if<BgpDecodeError>(&r))
        {
            ++rejected;
            ASSERT_TRUE(e->code >= 1 && e->code <= 3) << "decode errors are header, OPEN or UPDATE errors";
            continue;
        }
        ++decoded;
        const auto again = EncodeBgpMessage(std::get<BgpMessage>(r));
        auto r2 = DecodeBgpMessage(again.data(), again.size());
        ASSERT_TRUE(std::holds_alternative<BgpMessage>(r2))
            << "a decoded message re-encodes to a valid one: " << std::get<BgpDecodeError>(r2).reason;
    }
    RecordProperty("inputs", std::to_string(kInputs));
    RecordProperty("decoded", std::to_string(decoded));
    RecordProperty("rejected", std::to_string(rejected));
    EXPECT_EQ(decoded + rejected, kInputs);
    EXPECT_GT(rejected, kInputs / 10) << "the mutations exercise the error paths";
    EXPECT_GT(decoded, kInputs / 100) << "and some mutated messages are still valid";
}
