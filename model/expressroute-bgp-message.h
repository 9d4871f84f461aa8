// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BGP_MESSAGE_H
#define EXPRESSROUTE_BGP_MESSAGE_H

// BGP-4 messages on the wire (RFC 4271 §4): OPEN with the capabilities the model uses
// (multiprotocol IPv4 unicast, RFC 4760; 4-octet AS numbers, RFC 6793), UPDATE with ORIGIN,
// AS_PATH, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF and COMMUNITIES (RFC 1997), NOTIFICATION and
// KEEPALIVE. The decoder checks every field RFC 4271 §6 lists and reports the NOTIFICATION
// code, subcode and data the speaker must send; it never asserts or throws on input. This file
// has no ns-3 dependency, so that it can be fuzzed on its own (test/fuzz/).
//
// Deviations: only IPv4 unicast NLRI; unrecognised optional attributes are dropped rather than
// passed on with the Partial bit; errors in an UPDATE reset the session as RFC 4271 §6.3 says
// (RFC 7606's treat-as-withdraw is not modelled).

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

/// The path attributes of an UPDATE.
struct BgpPathAttributes
{
    std::optional<BgpOrigin> origin;
    std::optional<std::vector<BgpAsPathSegment>> asPath;
    std::optional<uint32_t> nextHop; ///< host byte order
    std::optional<uint32_t> med;
    std::optional<uint32_t> localPref;
    std::vector<uint32_t> communities; ///< RFC 1997: (ASN << 16) | value

    bool operator==(const BgpPathAttributes& o) const
    {
        return origin == o.origin && asPath == o.asPath && nextHop == o.nextHop && med == o.med &&
               localPref == o.localPref && communities == o.communities;
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
    std::vector<Ipv4Prefix> withdrawn;
    BgpPathAttributes attributes;
    std::vector<Ipv4Prefix> nlri;
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
/// MaxPrefixesPerUpdate).
std::vector<uint8_t> EncodeBgpMessage(const BgpMessage& message);

/**
 * Decodes one complete message (header included; @p size is its total length). With
 * @p fourOctetAs false, AS_PATH carries 2-octet ASNs (a peer without RFC 6793). Returns the
 * message, or the error RFC 4271 §6 prescribes.
 */
std::variant<BgpMessage, BgpDecodeError> DecodeBgpMessage(const uint8_t* bytes,
                                                          std::size_t size,
                                                          bool fourOctetAs = true);

/// Prefixes of length @p length that fit in one UPDATE beside @p attributes.
std::size_t MaxPrefixesPerUpdate(const BgpPathAttributes& attributes, uint8_t length);

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
