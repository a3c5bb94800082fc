using CareHub.Domain.Common;
using CareHub.Domain.Referrals;

namespace CareHub.Domain.Tests.Referrals;

public class CommunityResourceTests
{
    private static CommunityResource Pantry(string name = "Eastside Food Pantry", string services = "Emergency food boxes; SNAP application help",
        SdohDomain domains = SdohDomain.Food | SdohDomain.Financial, string languages = "English, Spanish", string hours = "Mon-Fri 9-5",
        string phone = "555-0100", string address = "12 Main St", ReferralType type = ReferralType.CommunityOrganization) =>
        new(name, type, services, domains, languages, hours, phone, address);

    [Fact]
    public void A_new_resource_is_active_and_keeps_its_trimmed_details()
    {
        var resource = Pantry(name: "  Eastside Food Pantry  ");

        resource.Name.ShouldBe("Eastside Food Pantry");
        resource.Type.ShouldBe(ReferralType.CommunityOrganization);
        resource.Services.ShouldBe("Emergency food boxes; SNAP application help");
        resource.Domains.ShouldBe(SdohDomain.Food | SdohDomain.Financial);
        resource.Languages.ShouldBe("English, Spanish");
        resource.Hours.ShouldBe("Mon-Fri 9-5");
        resource.Phone.ShouldBe("555-0100");
        resource.Address.ShouldBe("12 Main St");
        resource.IsActive.ShouldBeTrue();
        resource.Id.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public void It_serves_each_of_its_domains_and_no_other()
    {
        var resource = Pantry();

        resource.Serves(SdohDomain.Food).ShouldBeTrue();
        resource.Serves(SdohDomain.Financial).ShouldBeTrue();
        resource.Serves(SdohDomain.Housing).ShouldBeFalse();
        resource.Serves(SdohDomain.None).ShouldBeFalse();
    }

    [Fact]
    public void It_can_be_deactivated_and_reactivated()
    {
        var resource = Pantry();

        resource.Deactivate();
        resource.IsActive.ShouldBeFalse();
        resource.Reactivate();
        resource.IsActive.ShouldBeTrue();
    }

    [Theory]
    [InlineData("", "Name is required.")]
    [InlineData("   ", "Name is required.")]
    public void The_name_is_required(string name, string message) =>
        Should.Throw<DomainRuleException>(() => Pantry(name: name)).Message.ShouldBe(message);

    [Fact]
    public void Each_text_is_required()
    {
        Should.Throw<DomainRuleException>(() => Pantry(services: " ")).Message.ShouldBe("Services is required.");
        Should.Throw<DomainRuleException>(() => Pantry(languages: "")).Message.ShouldBe("Languages is required.");
        Should.Throw<DomainRuleException>(() => Pantry(hours: "")).Message.ShouldBe("Hours is required.");
        Should.Throw<DomainRuleException>(() => Pantry(phone: "")).Message.ShouldBe("Phone is required.");
        Should.Throw<DomainRuleException>(() => Pantry(address: "")).Message.ShouldBe("Address is required.");
    }

    [Fact]
    public void Each_text_has_a_maximum_length()
    {
        Should.Throw<DomainRuleException>(() => Pantry(name: new string('a', 201))).Message
            .ShouldBe("Name can be at most 200 characters (it has 201).");
        Should.Throw<DomainRuleException>(() => Pantry(services: new string('a', 501))).Message
            .ShouldBe("Services can be at most 500 characters (it has 501).");
        Should.Throw<DomainRuleException>(() => Pantry(languages: new string('a', 201))).Message
            .ShouldBe("Languages can be at most 200 characters (it has 201).");
        Should.Throw<DomainRuleException>(() => Pantry(hours: new string('a', 201))).Message
            .ShouldBe("Hours can be at most 200 characters (it has 201).");
        Should.Throw<DomainRuleException>(() => Pantry(phone: new string('1', 41))).Message
            .ShouldBe("Phone can be at most 40 characters (it has 41).");
        Should.Throw<DomainRuleException>(() => Pantry(address: new string('a', 301))).Message
            .ShouldBe("Address can be at most 300 characters (it has 301).");
        Pantry(name: new string('a', 200), services: new string('a', 500)).Name.Length.ShouldBe(200);
    }

    [Fact]
    public void The_type_and_domains_must_exist()
    {
        Should.Throw<DomainRuleException>(() => Pantry(type: (ReferralType)99)).Message.ShouldBe("That kind of referral does not exist.");
        Should.Throw<DomainRuleException>(() => Pantry(domains: (SdohDomain)(1 << 12))).Message
            .ShouldBe("That social-needs domain does not exist.");
    }

    [Fact]
    public void A_resource_may_serve_every_domain_or_none()
    {
        Pantry(domains: CommunityResource.AllDomains).Domains.ShouldBe(CommunityResource.AllDomains);
        Pantry(domains: SdohDomain.None).Domains.ShouldBe(SdohDomain.None);
    }
}
