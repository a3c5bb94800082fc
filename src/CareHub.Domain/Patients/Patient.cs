using CareHub.Domain.Common;

namespace CareHub.Domain.Patients;

public enum AdministrativeSex
{
    Female,
    Male,
    Other,
    Unknown,
}

public enum PayerType
{
    Medicare,
    MedicareAdvantage,
    Medicaid,
    Commercial,
    Uninsured,
}

/// <summary>A person whose care a team coordinates. Visible only to the members of the patient's care teams.</summary>
public sealed class Patient : VersionedEntity
{
    private readonly List<PatientTeam> _teams = [];
    private readonly List<Condition> _conditions = [];

    private Patient()
    {
        Mrn = AssigningAuthority = GivenName = FamilyName = PreferredLanguage = string.Empty;
    }

    public Patient(string mrn, string assigningAuthority, string givenName, string familyName, DateOnly birthDate, AdministrativeSex sex)
    {
        Mrn = Guard.Text(mrn, "MRN", 32);
        AssigningAuthority = Guard.Text(assigningAuthority, "Assigning authority", 32);
        GivenName = Guard.Text(givenName, "Given name", 100);
        FamilyName = Guard.Text(familyName, "Family name", 100);
        BirthDate = birthDate;
        Sex = sex;
        SortName = $"{FamilyName}, {GivenName}";
        PreferredLanguage = "English";
        Payer = PayerType.Uninsured;
    }

    public string Mrn { get; private set; }
    public string AssigningAuthority { get; private set; }
    public string GivenName { get; private set; }
    public string FamilyName { get; private set; }
    public DateOnly BirthDate { get; private set; }
    public AdministrativeSex Sex { get; private set; }
    public string PreferredLanguage { get; private set; }
    public bool InterpreterNeeded { get; private set; }
    public PayerType Payer { get; private set; }
    public string? PlanName { get; private set; }
    public string? PrimaryCareProvider { get; private set; }
    public Guid? AttributedCoordinatorId { get; private set; }

    /// <summary>Set when this record was merged into another (HL7 A40): the survivor carries the person's care from then on.</summary>
    public Guid? MergedIntoId { get; private set; }

    public DateOnly? DeceasedOn { get; private set; }

    /// <summary>"Family, Given": the form staff scan lists by. Kept in a column so lists sort and search on an index.</summary>
    public string SortName { get; private set; } = string.Empty;

    public IReadOnlyList<PatientTeam> Teams => _teams;
    public IReadOnlyList<Condition> Conditions => _conditions;

    public string DisplayName => $"{FamilyName}, {GivenName}";

    public int AgeOn(DateOnly day)
    {
        var age = day.Year - BirthDate.Year;
        return BirthDate.AddYears(age) > day ? age - 1 : age;
    }

    public void Rename(string givenName, string familyName)
    {
        var given = Guard.Text(givenName, "Given name", 100);
        var family = Guard.Text(familyName, "Family name", 100);
        (GivenName, FamilyName) = (given, family);
        SortName = $"{FamilyName}, {GivenName}";
    }

    /// <summary>Demographics from a registration feed (HL7 A08 and every ADT message's PID).</summary>
    public void UpdateDemographics(string givenName, string familyName, DateOnly? birthDate, AdministrativeSex? sex)
    {
        Rename(givenName, familyName);
        if (birthDate is { } born)
            BirthDate = born;
        if (sex is { } s)
            Sex = s;
    }

    public void RecordDeath(DateOnly on) => DeceasedOn = on;

    /// <summary>This record is a duplicate of <paramref name="survivorId"/> (HL7 A40); it stays, marked, for the audit trail.</summary>
    public void MergeInto(Guid survivorId)
    {
        var survivor = Guard.Id(survivorId, "Surviving patient");
        if (survivor == Id)
            throw new DomainRuleException("A patient cannot be merged into themselves.");
        if (MergedIntoId is not null)
            throw new DomainRuleException("This patient record was already merged into another.");
        MergedIntoId = survivor;
    }

    public void SetLanguage(string preferredLanguage, bool interpreterNeeded)
    {
        PreferredLanguage = Guard.Text(preferredLanguage, "Preferred language", 50);
        InterpreterNeeded = interpreterNeeded;
    }

    public void SetCoverage(PayerType payer, string? planName)
    {
        var plan = Guard.OptionalText(planName, "Plan name", 100);
        if (payer == PayerType.Uninsured && plan is not null)
            throw new DomainRuleException("An uninsured patient has no plan name.");
        Payer = payer;
        PlanName = plan;
    }

    public void SetPrimaryCareProvider(string? name) =>
        PrimaryCareProvider = Guard.OptionalText(name, "Primary care provider", 150);

    public void AttributeTo(Guid coordinatorId) =>
        AttributedCoordinatorId = Guard.Id(coordinatorId, "Coordinator");

    public void EnrolIn(Guid teamId)
    {
        Guard.Id(teamId, "Care team");
        if (!_teams.Exists(t => t.TeamId == teamId))
            _teams.Add(new PatientTeam(Id, teamId));
    }

    public void LeaveTeam(Guid teamId)
    {
        if (_teams.Count == 1 && _teams[0].TeamId == teamId)
            throw new DomainRuleException("A patient stays on at least one care team; enrol them in the new team first.");
        _teams.RemoveAll(t => t.TeamId == teamId);
    }

    public Condition RecordCondition(string code, string display, ChronicCondition? chronic, DateOnly onset)
    {
        var existing = _conditions.Find(c => c.IsActive && string.Equals(c.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
            return existing;
        var condition = new Condition(Id, code!, display, chronic, onset);
        _conditions.Add(condition);
        return condition;
    }

    /// <summary>The Charlson comorbidity points of the active chronic conditions (the C of LACE uses them).</summary>
    public int CharlsonPoints() => Condition.CharlsonPoints(_conditions);
}

/// <summary>Membership of a patient in a care team: what access is decided by.</summary>
public sealed class PatientTeam
{
    private PatientTeam() { }

    internal PatientTeam(Guid patientId, Guid teamId)
    {
        PatientId = patientId;
        TeamId = teamId;
    }

    public Guid PatientId { get; private set; }
    public Guid TeamId { get; private set; }
}
