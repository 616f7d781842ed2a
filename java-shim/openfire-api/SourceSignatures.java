/* Maintainer tool (run by record-source-signatures.sh, never packaged): prints the public and
 * protected declarations of the named classes as `javap -protected` prints them for the compiled
 * classes, but read from Java source. javac parses and enters the source (no bodies are compiled,
 * so Openfire's third-party dependencies are not needed) and resolves every name in the
 * declarations; the printer follows javap's conventions: binary names (Outer$Inner), modifiers in
 * class-file order, generic forms only where javac would write a Signature attribute, the implicit
 * default constructor, an enum's values()/valueOf(String), and the compareTo(Object) bridge of a
 * Comparable<T> (no other bridge methods, e.g. those of covariant returns). A type from a library that is not on the class path (dom4j, say) is named by the
 * source file's single-type import of it; one that cannot be named that way (or a parameterised
 * one) is printed as <unresolved:...>, never guessed.
 *
 *   java SourceSignatures.java SOURCEPATH CLASSPATH CLASS...    (both: entries joined with ':')
 */
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;

public final class SourceSignatures {
    private static final List<Modifier> ORDER = List.of(Modifier.PUBLIC, Modifier.PRIVATE, Modifier.PROTECTED,
            Modifier.STATIC, Modifier.FINAL, Modifier.SYNCHRONIZED, Modifier.NATIVE, Modifier.ABSTRACT);

    private final Elements elements;
    private final Types types;
    private final Trees trees;
    /** The source file of the class being printed (for naming unresolved types by its imports). */
    private CompilationUnitTree unit;

    private SourceSignatures(JavacTask task) {
        this.elements = task.getElements();
        this.types = task.getTypes();
        this.trees = Trees.instance(task);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java SourceSignatures.java SOURCEPATH CLASSPATH CLASS...");
            System.exit(2);
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        JavaFileObject empty = new SimpleJavaFileObject(URI.create("string:///Empty.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return "final class Empty {}";
            }
        };
        StringWriter diagnostics = new StringWriter();
        JavacTask task = (JavacTask) compiler.getTask(diagnostics, null, d -> { },
                List.of("-proc:none", "-implicit:none", "-sourcepath", args[0], "-classpath", args[1], "-encoding", "UTF-8"), null, List.of(empty));
        task.analyze(); // enters the empty unit; the named classes are then completed from SOURCEPATH on demand
        SourceSignatures printer = new SourceSignatures(task);
        StringBuilder out = new StringBuilder();
        for (int i = 2; i < args.length; i++) {
            TypeElement type = task.getElements().getTypeElement(args[i].replace('$', '.'));
            if (type == null) {
                System.err.println("SourceSignatures: no source for " + args[i]);
                System.exit(1);
            }
            printer.print(type, out);
        }
        System.out.print(out);
    }

    private void print(TypeElement type, StringBuilder out) {
        TreePath path = trees.getPath(type);
        unit = path == null ? null : path.getCompilationUnit();
        out.append(declaration(type)).append(" {\n");
        List<String> fields = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        boolean isEnum = type.getKind() == ElementKind.ENUM;
        boolean isInterface = type.getKind().isInterface();
        for (Element member : type.getEnclosedElements()) {
            Set<Modifier> modifiers = member.getModifiers();
            boolean visible = modifiers.contains(Modifier.PUBLIC) || modifiers.contains(Modifier.PROTECTED) || isInterface;
            if (!visible) {
                continue;
            }
            switch (member.getKind()) {
                case FIELD, ENUM_CONSTANT -> fields.add(field((VariableElement) member, isInterface));
                case METHOD -> {
                    ExecutableElement method = (ExecutableElement) member;
                    boolean enumSynthetic = isEnum && (isValues(method) || isValueOf(method));
                    if (!enumSynthetic) {
                        methods.add(method(type, method, isInterface));
                    }
                }
                case CONSTRUCTOR -> methods.add(method(type, (ExecutableElement) member, isInterface));
                default -> { }
            }
        }
        if (isEnum) {
            String self = binary(type);
            methods.add(0, "public static " + self + " valueOf(java.lang.String);");
            methods.add(0, "public static " + self + "[] values();");
        }
        methods.addAll(bridges(type));
        for (String line : fields) {
            out.append("  ").append(line).append('\n');
        }
        for (String line : methods) {
            out.append("  ").append(line).append('\n');
        }
        out.append("}\n");
    }

    private static boolean isValues(ExecutableElement method) {
        return method.getSimpleName().contentEquals("values") && method.getParameters().isEmpty();
    }

    private static boolean isValueOf(ExecutableElement method) {
        return method.getSimpleName().contentEquals("valueOf") && method.getParameters().size() == 1;
    }

    /** "public final class a.B extends C implements D,E" as javap prints a class file's header. */
    private String declaration(TypeElement type) {
        Set<Modifier> modifiers = type.getModifiers();
        StringBuilder line = new StringBuilder();
        if (modifiers.contains(Modifier.PUBLIC)) {
            line.append("public ");
        } else if (modifiers.contains(Modifier.PROTECTED)) {
            line.append("public "); // a protected member class is public in its class file
        }
        boolean isInterface = type.getKind().isInterface();
        if (type.getKind() == ElementKind.ENUM) {
            line.append("final ");
        } else if (!isInterface) {
            if (modifiers.contains(Modifier.FINAL)) {
                line.append("final ");
            }
            if (modifiers.contains(Modifier.ABSTRACT)) {
                line.append("abstract ");
            }
        }
        line.append(isInterface ? "interface " : "class ").append(binary(type));
        boolean generic = !type.getTypeParameters().isEmpty() || hasArguments(type.getSuperclass())
                || type.getInterfaces().stream().anyMatch(SourceSignatures::hasArguments);
        if (!type.getTypeParameters().isEmpty()) {
            line.append('<').append(typeParameters(type.getTypeParameters())).append('>');
        }
        TypeMirror superclass = type.getSuperclass();
        if (!isInterface && superclass.getKind() == TypeKind.DECLARED
                && !((TypeElement) ((DeclaredType) superclass).asElement()).getQualifiedName().contentEquals("java.lang.Object")) {
            line.append(" extends ").append(generic ? name(superclass) : erased(superclass));
        }
        if (!type.getInterfaces().isEmpty()) {
            line.append(isInterface ? " extends " : " implements ");
            line.append(type.getInterfaces().stream().map(t -> generic ? name(t) : erased(t))
                    .collect(Collectors.joining(generic ? ", " : ",")));
        }
        return line.toString();
    }

    private String field(VariableElement field, boolean inInterface) {
        StringBuilder line = new StringBuilder(modifiers(field.getModifiers(), inInterface, true));
        TypeMirror type = field.asType();
        line.append(hasArgumentsDeep(type) ? name(type) : erased(type)).append(' ').append(field.getSimpleName()).append(';');
        return line.toString();
    }

    private String method(TypeElement owner, ExecutableElement method, boolean inInterface) {
        boolean generic = !method.getTypeParameters().isEmpty() || hasArgumentsDeep(method.getReturnType())
                || method.getParameters().stream().anyMatch(p -> hasArgumentsDeep(p.asType()));
        StringBuilder line = new StringBuilder(modifiers(method.getModifiers(), inInterface, false));
        if (method.getModifiers().contains(Modifier.DEFAULT)) {
            line.append("default ");
        }
        if (!method.getTypeParameters().isEmpty()) {
            line.append('<').append(typeParameters(method.getTypeParameters())).append("> ");
        }
        if (method.getKind() == ElementKind.CONSTRUCTOR) {
            line.append(binary(owner));
        } else {
            TypeMirror result = method.getReturnType();
            line.append(generic ? name(result) : erased(result)).append(' ').append(method.getSimpleName());
        }
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < method.getParameters().size(); i++) {
            TypeMirror parameter = method.getParameters().get(i).asType();
            String text = generic ? name(parameter) : erased(parameter);
            if (method.isVarArgs() && i == method.getParameters().size() - 1 && text.endsWith("[]")) {
                text = text.substring(0, text.length() - 2) + "...";
            }
            parameters.add(text);
        }
        line.append('(').append(String.join(", ", parameters)).append(')');
        if (!method.getThrownTypes().isEmpty()) {
            line.append(" throws ").append(method.getThrownTypes().stream().map(this::erased).collect(Collectors.joining(", ")));
        }
        return line.append(';').toString();
    }

    /** The bridge javac adds for Comparable<T>.compareTo(T) when T is not Object. */
    private List<String> bridges(TypeElement type) {
        List<String> bridges = new ArrayList<>();
        for (TypeMirror implemented : type.getInterfaces()) {
            if (!erased(implemented).equals("java.lang.Comparable")) {
                continue;
            }
            List<? extends TypeMirror> arguments = ((DeclaredType) implemented).getTypeArguments();
            if (arguments.size() != 1 || erased(arguments.get(0)).equals("java.lang.Object")) {
                continue;
            }
            for (Element member : type.getEnclosedElements()) {
                if (member instanceof ExecutableElement method && method.getKind() == ElementKind.METHOD
                        && method.getSimpleName().contentEquals("compareTo") && method.getParameters().size() == 1
                        && types.isSameType(types.erasure(method.getParameters().get(0).asType()), types.erasure(arguments.get(0)))) {
                    bridges.add(modifiers(method.getModifiers(), false, false) + erased(method.getReturnType())
                            + " compareTo(java.lang.Object);");
                }
            }
        }
        return bridges;
    }

    /** Modifiers in class-file order; interface members get their implicit ones. */
    private static String modifiers(Set<Modifier> declared, boolean inInterface, boolean isField) {
        java.util.EnumSet<Modifier> modifiers = declared.isEmpty() ? java.util.EnumSet.noneOf(Modifier.class)
                : java.util.EnumSet.copyOf(declared);
        if (inInterface) {
            modifiers.add(Modifier.PUBLIC);
            if (isField) {
                modifiers.add(Modifier.STATIC);
                modifiers.add(Modifier.FINAL);
            } else if (!modifiers.contains(Modifier.STATIC) && !modifiers.contains(Modifier.DEFAULT)
                    && !modifiers.contains(Modifier.PRIVATE)) {
                modifiers.add(Modifier.ABSTRACT);
            }
        }
        StringBuilder text = new StringBuilder();
        for (Modifier modifier : ORDER) {
            if (modifiers.contains(modifier)) {
                text.append(modifier).append(' ');
            }
        }
        return text.toString();
    }

    /** "E extends java.lang.Enum<E>, T" (javap leaves out a bound of Object). */
    private String typeParameters(List<? extends TypeParameterElement> parameters) {
        List<String> texts = new ArrayList<>();
        for (TypeParameterElement parameter : parameters) {
            List<String> bounds = parameter.getBounds().stream().map(this::name)
                    .filter(bound -> !bound.equals("java.lang.Object")).toList();
            texts.add(parameter.getSimpleName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
        }
        return String.join(", ", texts);
    }

    /** A type javac could not resolve, named by the source file's single-type import of it. */
    private String unresolved(TypeMirror type) {
        String simple = type.toString();
        if (unit != null) {
            for (ImportTree imported : unit.getImports()) {
                String name = imported.getQualifiedIdentifier().toString();
                if (!imported.isStatic() && name.endsWith("." + simple)) {
                    return name;
                }
            }
        }
        return "<unresolved:" + simple + ">";
    }

    private static boolean hasArguments(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && !((DeclaredType) type).getTypeArguments().isEmpty();
    }

    private static boolean hasArgumentsDeep(TypeMirror type) {
        return switch (type.getKind()) {
            case DECLARED -> hasArguments(type);
            case ARRAY -> hasArgumentsDeep(((ArrayType) type).getComponentType());
            case TYPEVAR -> true;
            default -> false;
        };
    }

    private String binary(TypeElement type) {
        return elements.getBinaryName(type).toString();
    }

    /** The erased type as javap prints it without a Signature attribute. */
    private String erased(TypeMirror type) {
        return switch (type.getKind()) {
            case DECLARED -> binary((TypeElement) ((DeclaredType) type).asElement());
            case ARRAY -> erased(((ArrayType) type).getComponentType()) + "[]";
            case TYPEVAR -> erased(types.erasure(type));
            case ERROR -> unresolved(type);
            default -> type.toString();
        };
    }

    /** The generic type as javap prints it from a Signature attribute. */
    private String name(TypeMirror type) {
        return switch (type.getKind()) {
            case DECLARED -> {
                DeclaredType declared = (DeclaredType) type;
                String base = binary((TypeElement) declared.asElement());
                yield declared.getTypeArguments().isEmpty() ? base
                        : base + "<" + declared.getTypeArguments().stream().map(this::name).collect(Collectors.joining(", ")) + ">";
            }
            case ARRAY -> name(((ArrayType) type).getComponentType()) + "[]";
            case TYPEVAR -> ((TypeVariable) type).asElement().getSimpleName().toString();
            case WILDCARD -> {
                WildcardType wildcard = (WildcardType) type;
                yield wildcard.getExtendsBound() != null ? "? extends " + name(wildcard.getExtendsBound())
                        : wildcard.getSuperBound() != null ? "? super " + name(wildcard.getSuperBound()) : "?";
            }
            case ERROR -> unresolved(type);
            default -> type.toString();
        };
    }
}
