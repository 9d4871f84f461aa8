// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_LINK_FAILURE_H
#define EXPRESSROUTE_FAILURE_LINK_FAILURE_H

// One circuit link (or a site link of the customer's WAN, "wan/<name>") fails: it stops delivering (Silent, the default: the interfaces stay up and
// only BFD or the hold timer notice) or its interfaces go down (Signalled). Fact sheet §3, §8.

#include "expressroute-failure.h"

namespace ns3
{
namespace expressroute
{

class LinkFailure : public LinkSetFailure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::CircuitLink; }

  protected:
    std::string DoBind() override;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_LINK_FAILURE_H
