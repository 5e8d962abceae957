/**
 * What an admin runs, with cluster-admin rights, to give the gateway a namespace, a service
 * account with exactly the verbs it uses, and a long-lived token; then how to read what the
 * provider form asks for, and how to check the grants. Copied from docs/providers.md ("Setting
 * up a cluster"); kubernetesSetupCommands.test.ts fails when the two drift apart.
 */
export interface KubernetesSetupCommands {
  setup: string;
  read: string;
  verify: string;
}

const SETUP = `kubectl create namespace "$NS"
kubectl -n "$NS" create serviceaccount gangway

kubectl apply -f - <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: gangway
  namespace: $NS
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["create", "get", "list", "delete"]
  - apiGroups: [""]
    resources: ["secrets", "persistentvolumeclaims"]
    verbs: ["create", "get", "delete"]
  - apiGroups: [""]
    resources: ["events"]
    verbs: ["list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: gangway
  namespace: $NS
subjects:
  - kind: ServiceAccount
    name: gangway
    namespace: $NS
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: gangway
---
apiVersion: v1
kind: Secret
metadata:
  name: gangway-token
  namespace: $NS
  annotations:
    kubernetes.io/service-account.name: gangway
type: kubernetes.io/service-account-token
EOF`;

const READ = `# Cluster address (must be https://)
kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'; echo
# Service-account token
kubectl -n "$NS" get secret gangway-token -o jsonpath='{.data.token}' | base64 -d; echo
# CA certificate (PEM)
kubectl -n "$NS" get secret gangway-token -o jsonpath='{.data.ca\\.crt}' | base64 -d`;

const VERIFY = `SA=system:serviceaccount:$NS:gangway
for rule in "create pods" "get pods" "list pods" "delete pods" \\
            "create secrets" "get secrets" "delete secrets" \\
            "create persistentvolumeclaims" "get persistentvolumeclaims" "delete persistentvolumeclaims" \\
            "list events"; do
  echo "$rule: $(kubectl auth can-i --as="$SA" -n "$NS" $rule)"
done`;

/** The commands for `namespace`; each block sets NS itself, so any one can be pasted alone. */
export function kubernetesSetupCommands(namespace: string): KubernetesSetupCommands {
  const ns = `NS=${namespace}`;
  return { setup: `${ns}\n${SETUP}`, read: `${ns}\n${READ}`, verify: `${ns}\n${VERIFY}` };
}
