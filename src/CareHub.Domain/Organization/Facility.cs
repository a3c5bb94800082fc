using CareHub.Domain.Common;

namespace CareHub.Domain.Organization;

public enum FacilityKind
{
    AcuteCareHospital,
    SkilledNursingFacility,
}

/// <summary>A hospital or skilled nursing facility that sends ADT messages, with its units.</summary>
public sealed class Facility : Entity
{
    private readonly List<FacilityUnit> _units = [];

    private Facility() { Code = Name = string.Empty; }

    public Facility(string code, string name, FacilityKind kind)
    {
        Code = Guard.Text(code, "Facility code", 20);
        Name = Guard.Text(name, "Facility name", 200);
        Kind = kind;
    }

    public string Code { get; private set; }
    public string Name { get; private set; }
    public FacilityKind Kind { get; private set; }
    public IReadOnlyList<FacilityUnit> Units => _units;

    public FacilityUnit AddUnit(string code, string name, UnitKind kind, int beds)
    {
        if (_units.Exists(u => string.Equals(u.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase)))
            throw new DomainRuleException($"{Name} already has a unit with code {code}.");
        var unit = new FacilityUnit(Id, code!, name, kind, beds);
        _units.Add(unit);
        return unit;
    }
}

public enum UnitKind
{
    MedicalSurgical,
    IntensiveCare,
    Telemetry,
    Emergency,
    Observation,
    SkilledNursing,
}

public sealed class FacilityUnit : Entity
{
    private FacilityUnit() { Code = Name = string.Empty; }

    internal FacilityUnit(Guid facilityId, string code, string name, UnitKind kind, int beds)
    {
        if (beds is < 1 or > 500)
            throw new DomainRuleException("A unit has between 1 and 500 beds.");
        FacilityId = facilityId;
        Code = Guard.Text(code, "Unit code", 20);
        Name = Guard.Text(name, "Unit name", 200);
        Kind = kind;
        Beds = beds;
    }

    public Guid FacilityId { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public UnitKind Kind { get; private set; }
    public int Beds { get; private set; }
}
