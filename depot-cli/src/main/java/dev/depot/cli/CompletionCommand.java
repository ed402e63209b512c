package dev.depot.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code depot completion}: prints picocli's bash (and zsh) completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true, description = {
        "Prints a bash completion script for depot (zsh too, after 'autoload -U +X bashcompinit && bashcompinit').",
        "Install for this shell:   source <(depot completion)",
        "Install for good:         depot completion > ~/.local/share/bash-completion/completions/depot"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("depot", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
