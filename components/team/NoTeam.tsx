import { PageHeader } from "../ui/PageHeader";
import { cardClass } from "../ui/styles";
import { CreateTeamForm } from "./CreateTeamForm";

/** What a signed-in user who belongs to no team sees, on every console page. */
export function NoTeam() {
  return (
    <>
      <PageHeader
        title="You are not a member of any team yet — ask an admin to add you"
        description="Keys, connections and requests belong to teams. Ask an admin for an invite link, or create a team of your own."
      />
      <section className={`${cardClass} max-w-xl`}>
        <h2 className="mb-1 text-lg font-semibold">Create a team</h2>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">You become its admin and can invite others.</p>
        <CreateTeamForm />
      </section>
    </>
  );
}
