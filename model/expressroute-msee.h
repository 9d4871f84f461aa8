// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_MSEE_H
#define EXPRESSROUTE_MSEE_H

#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// Which of a circuit's two links (and which router of the MSEE pair).
enum class LinkRole
{
    Primary,
    Secondary
};

/// "primary" or "secondary" (node names, CSV columns).
std::string ToString(LinkRole role);
/// Attribute names of the roles: "Primary", "Secondary".
std::vector<std::string> LinkRoleNames();
std::optional<LinkRole> ParseLinkRole(const std::string& name);

/**
 * A Microsoft Enterprise Edge router: one of the redundant pair at a peering location, where the
 * primary and secondary links of every circuit there terminate (references.md §3, FAQ). ASN 12076
 * on every peering (RT, WF).
 */
class Msee : public Object
{
  public:
    static TypeId GetTypeId();

    const std::string& GetPeeringLocation() const { return m_location; }
    LinkRole GetRole() const { return m_role; }
    uint32_t GetAsn() const { return m_asn; }
    Time GetHoldTime() const { return m_holdTime; }
    Time GetKeepaliveTime() const { return m_keepaliveTime; }
    Time GetIdleHoldTime() const { return m_idleHoldTime; }
    /// "msee/Amsterdam/primary".
    std::string GetName() const;

    Ptr<Node> GetNode() const { return m_node; }
    void SetNode(Ptr<Node> node) { m_node = node; }

  protected:
    void DoDispose() override;

  private:
    std::string m_location;
    LinkRole m_role{LinkRole::Primary};
    uint32_t m_asn{12076};
    Time m_holdTime;
    Time m_keepaliveTime;
    Time m_idleHoldTime;
    Ptr<Node> m_node;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_MSEE_H
