// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BGP_MESSAGE_H
#define EXPRESSROUTE_BGP_MESSAGE_H

// BGP-4 messages on the wire (RFC 4271 §4): OPEN with the capabilities the model uses
// (multiprotocol IPv4 unicast, RFC 4760; 4-octet AS numbers, RFC 6793), UPDATE with ORIGIN,
// AS_PATH, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR, COMMUNITIES
// (RFC 1997) and IPv4 unicast MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760), NOTIFICATION and
// KEEPALIVE. Optional transitive attributes the model does not interpret (extended and large
// communities, OTC, unknown ones) are carried through unchanged, unknown ones with the Partial
// bit set (RFC 4271 §5, §9.1.4). The decoder checks every field RFC 4271 §6 lists and applies
// RFC 7606's revised error handling: an UPDATE whose attributes are malformed is decoded as a
// withdrawal of its routes (treat-as-withdraw) or loses the bad attribute (attribute discard);
// only errors that leave the message unparsable, or break MP_REACH/MP_UNREACH, reset the
// session. It never asserts or throws on input. Towards a peer without the 4-octet AS
// capability the encoder writes 2-octet AS_PATH/AGGREGATOR with AS_TRANS plus AS4_PATH /
// AS4_AGGREGATOR, and the decoder merges them back (RFC 6793 §4.2). This file has no ns-3
// dependency, so that it can be fuzzed on its own (test/fuzz/); the path attribute codec is in
// expressroute-bgp-attributes.cc.
//
// Deviations: only IPv4 unicast NLRI (other AFI/SAFI in MP_REACH are ignored); no
// confederation segments; a malformed LOCAL_PREF is treat-as-withdraw also from an external
// peer (RFC 7606 §7.5 discards it there; the speaker ignores LOCAL_PREF from eBGP anyway).

#include "expressroute-ipv4-prefix.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// Message types (RFC 4271 §4.1).
enum class BgpMessageType : uint8_t
{
    Open = 1,
    Update = 2,
    Notification = 3,
    Keepalive = 4,
};

/// NOTIFICATION error codes (RFC 4271 §4.5) and the subcodes the model sends.
namespace bgperr
{
constexpr uint8_t kHeader = 1;         ///< Message Header Error
constexpr uint8_t kOpen = 2;           ///< OPEN Message Error
constexpr uint8_t kUpdate = 3;         ///< UPDATE Message Error
constexpr uint8_t kHoldTimerExpired = 4;
constexpr uint8_t kFsm = 5;            ///< Finite State Machine Error
constexpr uint8_t kCease = 6;

// Message Header Error subcodes
constexpr uint8_t kConnectionNotSynchronized = 1;
constexpr uint8_t kBadMessageLength = 2;
constexpr uint8_t kBadMessageType = 3;
// OPEN Message Error subcodes
constexpr uint8_t kUnsupportedVersion = 1;
constexpr uint8_t kBadPeerAs = 2;
constexpr uint8_t kBadBgpIdentifier = 3;
constexpr uint8_t kUnsupportedOptionalParameter = 4;
constexpr uint8_t kUnacceptableHoldTime = 6;
constexpr uint8_t kUnsupportedCapability = 7; ///< RFC 5492
// UPDATE Message Error subcodes
constexpr uint8_t kMalformedAttributeList = 1;
constexpr uint8_t kUnrecognizedWellKnownAttribute = 2;
constexpr uint8_t kMissingWellKnownAttribute = 3;
constexpr uint8_t kAttributeFlagsError = 4;
constexpr uint8_t kAttributeLengthError = 5;
constexpr uint8_t kInvalidOrigin = 6;
constexpr uint8_t kInvalidNextHop = 8;
constexpr uint8_t kOptionalAttributeError = 9;
constexpr uint8_t kInvalidNetworkField = 10;
constexpr uint8_t kMalformedAsPath = 11;
// Finite State Machine Error subcodes (RFC 6608): the state an unexpected message arrived in
constexpr uint8_t kUnexpectedInOpenSent = 1;
constexpr uint8_t kUnexpectedInOpenConfirm = 2;
constexpr uint8_t kUnexpectedInEstablished = 3;
// Cease subcodes (RFC 4486)
constexpr uint8_t kMaxPrefixesReached = 1;
constexpr uint8_t kAdministrativeShutdown = 2;
constexpr uint8_t kPeerDeconfigured = 3;
constexpr uint8_t kAdministrativeReset = 4;
constexpr uint8_t kConnectionRejected = 5;
constexpr uint8_t kOtherConfigurationChange = 6;
constexpr uint8_t kConnectionCollisionResolution = 7;
constexpr uint8_t kOutOfResources = 8;
} // namespace bgperr

/// Sizes of RFC 4271 §4.
constexpr std::size_t kBgpHeaderSize = 19;
constexpr std::size_t kBgpMaxMessageSize = 4096;
/// AS_TRANS, sent in OPEN's My AS field for 4-octet ASNs (RFC 6793).
constexpr uint16_t kAsTrans = 23456;

/// OPEN (RFC 4271 §4.2).
struct BgpOpen
{
    uint8_t version{4};
    uint32_t asn{0};       ///< the speaker's ASN; 4-octet ASNs travel in the capability
    uint16_t holdTime{180};
    uint32_t bgpId{0};     ///< host byte order
    bool fourOctetAs{true}; ///< advertise / peer advertised the 4-octet AS capability
    bool ipv4Unicast{true}; ///< advertise / peer advertised multiprotocol IPv4 unicast
};

/// ORIGIN values (RFC 4271 §5.1.1).
enum class BgpOrigin : uint8_t
{
    Igp = 0,
    Egp = 1,
    Incomplete = 2,
};

/// One AS_PATH segment (RFC 4271 §4.3).
struct BgpAsPathSegment
{
    static constexpr uint8_t kSet = 1;
    static constexpr uint8_t kSequence = 2;
    uint8_t type{kSequence};
    std::vector<uint32_t> asns;

    bool operator==(const BgpAsPathSegment& o) const { return type == o.type && asns == o.asns; }
};

/// AGGREGATOR (RFC 4271 §5.1.7), with a 4-octet ASN (RFC 6793).
struct BgpAggregator
{
    uint32_t asn{0};
    uint32_t address{0}; ///< host byte order

    bool operator==(const BgpAggregator& o) const { return asn == o.asn && address == o.address; }
};

/// An optional transitive attribute carried through without being interpreted: extended (16)
/// and large (32) communities, OTC (35), and unrecognised ones (Partial set, RFC 4271 §9.1.4).
struct BgpRawAttribute
{
    /// Optional, Transitive and Partial as received; Extended Length (set by the encoder as
    /// needed) and the unused low-order bits (RFC 4271 §4.3: zero when sent) are cleared.
    uint8_t flags{0};
    uint8_t type{0};
    std::vector<uint8_t> value;

    bool operator==(const BgpRawAttribute& o) const
    {
        return flags == o.flags && type == o.type && value == o.value;
    }
};

/// The path attributes of an UPDATE.
struct BgpPathAttributes
{
    std::optional<BgpOrigin> origin;
    std::optional<std::vector<BgpAsPathSegment>> asPath;
    std::optional<uint32_t> nextHop; ///< host byte order
    std::optional<uint32_t> med;
    std::optional<uint32_t> localPref;
    bool atomicAggregate{false};
    std::optional<BgpAggregator> aggregator;
    std::vector<uint32_t> communities; ///< RFC 1997: (ASN << 16) | value
    std::vector<BgpRawAttribute> passOn; ///< as received; the encoder orders them by type

    bool operator==(const BgpPathAttributes& o) const
    {
        return origin == o.origin && asPath == o.asPath && nextHop == o.nextHop && med == o.med &&
               localPref == o.localPref && atomicAggregate == o.atomicAggregate &&
               aggregator == o.aggregator && communities == o.communities && passOn == o.passOn;
    }

    /// AS_PATH length for the decision process: each AS_SEQUENCE ASN counts 1, an AS_SET 1.
    uint32_t AsPathLength() const;
    /// The first ASN of the path (the neighbour AS), or 0 for an empty path.
    uint32_t FirstAsn() const;
    /// True when @p asn appears anywhere in the path (loop detection).
    bool AsPathContains(uint32_t asn) const;
};

/// UPDATE (RFC 4271 §4.3).
struct BgpUpdate
{
    std::vector<Ipv4Prefix> withdrawn; ///< decoded: also the IPv4 unicast of MP_UNREACH_NLRI
    BgpPathAttributes attributes;
    std::vector<Ipv4Prefix> nlri;
    /// IPv4 unicast routes of MP_REACH_NLRI (RFC 4760 §3) and their next hop, which replaces
    /// NEXT_HOP for them.
    std::vector<Ipv4Prefix> mpNlri;
    std::optional<uint32_t> mpNextHop;
    /// Decoded only: the attributes were malformed (RFC 7606 treat-as-withdraw), so the routes
    /// announced were moved to @c withdrawn and the attributes cleared.
    bool treatAsWithdraw{false};
    /// Decoded only: what was wrong (treat-as-withdraw and discarded attributes), for logs.
    std::vector<std::string> attributeErrors;
};

/// NOTIFICATION (RFC 4271 §4.5).
struct BgpNotification
{
    uint8_t code{0};
    uint8_t subcode{0};
    std::vector<uint8_t> data;
};

/// KEEPALIVE (RFC 4271 §4.4).
struct BgpKeepalive
{
};

using BgpMessage = std::variant<BgpOpen, BgpUpdate, BgpNotification, BgpKeepalive>;

/// A malformed message: the NOTIFICATION to send back and a readable reason.
struct BgpDecodeError
{
    uint8_t code{0};
    uint8_t subcode{0};
    std::vector<uint8_t> data;
    std::string reason;
};

/// The wire bytes of @p message, header included. UPDATEs must fit in 4,096 bytes (see
/// MaxPrefixesPerUpdate). With @p fourOctetAs false (a peer without RFC 6793), AS_PATH and
/// AGGREGATOR carry 2-octet ASNs, AS_TRANS for larger ones, plus AS4_PATH / AS4_AGGREGATOR.
std::vector<uint8_t> EncodeBgpMessage(const BgpMessage& message, bool fourOctetAs = true);

/**
 * Decodes one complete message (header included; @p size is its total length). With
 * @p fourOctetAs false, AS_PATH carries 2-octet ASNs (a peer without RFC 6793). Returns the
 * message, or the error RFC 4271 §6 prescribes.
 */
std::variant<BgpMessage, BgpDecodeError> DecodeBgpMessage(const uint8_t* bytes,
                                                          std::size_t size,
                                                          bool fourOctetAs = true);

/// Prefixes of length @p length that fit in one UPDATE beside @p attributes (in either AS
/// number encoding); 0 when the attributes leave no room for one (they can grow past the
/// 4,096-byte limit on their way through a router: prepends, communities, LOCAL_PREF, a 2-octet
/// peer's AS4_PATH merged with AS_SETs), and such a route cannot be sent.
std::size_t MaxPrefixesPerUpdate(const BgpPathAttributes& attributes, uint8_t length);

/// Bytes of an UPDATE carrying @p attributes and no prefix, in the larger of the two AS number
/// encodings: each prefix of length L adds 1 + ceil(L / 8) to it, up to 4,096.
std::size_t UpdateSizeWithoutPrefixes(const BgpPathAttributes& attributes);

/**
 * Splits a TCP byte stream into BGP messages. Checks the header (marker, length) as soon as 19
 * bytes are there, so that a stream error is found without waiting for a body that never comes.
 */
class BgpStreamReader
{
  public:
    /// Appends received bytes.
    void Append(const uint8_t* bytes, std::size_t size);

    /// The next complete message's bytes, an error, or nothing yet (nullopt). After an error
    /// the reader stays in error: the session must be reset.
    std::optional<std::variant<std::vector<uint8_t>, BgpDecodeError>> Next();

    std::size_t Buffered() const { return m_buffer.size() - m_offset; }

  private:
    std::vector<uint8_t> m_buffer;
    std::size_t m_offset{0};
    bool m_failed{false};
};

/// "Cease / Maximum Number of Prefixes Reached" style names for logs and traces.
std::string BgpErrorName(uint8_t code, uint8_t subcode);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BGP_MESSAGE_H
